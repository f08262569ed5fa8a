"""Install step of product cards: the agent ticket page's "Product card" menu, an HD Form Script
whose code is healthdesk/cards/ticket_form.js. Idempotent: the code is ours and is written back on
every migrate; whether the script is enabled is the admin's choice and is never changed."""

from __future__ import annotations

FORM_SCRIPT = "Healthdesk Product Cards"


def ensure_ticket_form_script() -> None:
    from healthdesk.setup.form_scripts import ensure_form_script

    ensure_form_script(FORM_SCRIPT, "cards", "ticket_form.js")
