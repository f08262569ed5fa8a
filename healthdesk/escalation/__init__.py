"""Escalation between support levels (tiers) and to the escalation team."""
