"""Install steps for the first day on a real site, idempotent; called from
``healthdesk.setup.install.ensure_defaults``."""

from __future__ import annotations


def ensure_first_day_defaults() -> None:
    from healthdesk.portal.ticket_fields import ensure_option_methods

    # Severity and category choices with translated labels in Helpdesk's ticket forms.
    ensure_option_methods()
