"""The one writer of healthdesk's desk notifications (Notification Log) and their e-mails.

Written in the request (not queued like Frappe's ``enqueue_create_notification``): the people
told must see the bell at once — a clinic deciding on an access request, an agent at a deadline.
"""

from __future__ import annotations

import frappe


def notify(users: list[str], subject: str, document_type: str, document_name: str, *,
           message: str | None = None, link: str | None = None, from_user: str | None = None,
           email: bool = False, only_if_enabled: bool = False) -> list[str]:
    """A Notification Log (Alert) for each of ``users``; with ``email`` also one delayed e-mail
    when the site can send e-mail. ``only_if_enabled``: skip users who turned notifications off.
    Returns the users notified."""
    from frappe.desk.doctype.notification_settings.notification_settings import is_notifications_enabled

    if from_user is None:
        from_user = frappe.session.user if frappe.session.user != "Guest" else "Administrator"
    told = []
    for user in users:
        if only_if_enabled and not is_notifications_enabled(user):
            continue
        frappe.get_doc({
            "doctype": "Notification Log", "for_user": user, "type": "Alert", "subject": subject,
            "email_content": message, "document_type": document_type, "document_name": document_name,
            "link": link, "from_user": from_user,
        }).insert(ignore_permissions=True)
        told.append(user)
    if email and told and frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
        frappe.sendmail(recipients=told, subject=subject, message=message or subject, delayed=True,
                        reference_doctype=document_type, reference_name=document_name)
    return told
