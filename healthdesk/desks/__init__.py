"""Reseller support desks: a cooperative's own first line. Its clinics' new tickets go to its desk
team, whose agents see and work only that cooperative's clinics' tickets; the desk escalates to the
vendor and the vendor returns with an answer, each side on its own clock (healthdesk.core.desks)."""
