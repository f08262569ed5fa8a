# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""A stage ("conquista") of an onboarding panel; its tasks are rows of the panel's task table."""

from frappe.model.document import Document


class OnboardingStage(Document):
    pass
