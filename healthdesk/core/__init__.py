"""Pure domain logic of healthdesk.

Nothing in this package imports frappe: every module here is plain, typed Python that the unit
tier tests anywhere (pytest + hypothesis). Frappe controllers, hooks and APIs call into it.
"""
