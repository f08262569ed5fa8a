# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""A task (video or article) of an onboarding panel, in the stage named by ``stage``."""

from frappe.model.document import Document


class OnboardingTask(Document):
    pass
