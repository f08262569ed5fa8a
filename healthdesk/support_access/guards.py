"""LGPD support access: document events that close the paths around the permission hooks.

- Shares and assignments (``DocShare``): Frappe allows a document shared with a user even when a
  ``has_permission`` hook refuses it, and ``assign_to.add`` shares automatically. So a share of a
  medical-record or grant-protected document with a support user, or with everyone, is refused,
  and existing ones are removed (:func:`remove_support_shares`, on migrate, every minute and when
  a user becomes support).
- Files: a support user cannot create a File whose URL already belongs to a File they cannot
  read (by URL or by ``communication.email.make``'s copy by name); public files attached to a
  protected or medical record, also through an Attach field set after the upload, are made private.
- Separation of duties: a support user cannot also hold System Manager or Healthdesk Admin.
- Clinic membership: support users cannot create or change the Contact links (and the e-mail and
  user of such a Contact) that make a user "of a clinic" — the people who can grant access.
- The log: no comment, like, tag, assignment, share, follow or file on a Support Access Log row.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk import support_access as sa
from healthdesk.constants import ADMIN_ROLES, AGENT_ROLES

# doctype → its field naming the referenced doctype
LOG_REFERENCES = {
    "Comment": "reference_doctype", "ToDo": "reference_type", "DocShare": "share_doctype",
    "Tag Link": "document_type", "Document Follow": "ref_doctype", "File": "attached_to_doctype",
    "Communication": "reference_doctype",
}


class SeparationOfDuties(frappe.PermissionError):
    """A support user would also hold System Manager or Healthdesk Admin (or an admin would become
    a support agent)."""


def _guarded(doctype: str | None) -> bool:
    """A medical-record or grant-protected doctype, or a child table of one."""
    if not doctype:
        return False
    config = sa.get_config()
    return doctype in config.excluded or doctype in config.protected or doctype in config.children


# ----------------------------------------------------------------------------- the log
def log_reference_guard(doc, method=None) -> None:
    """Nothing is attached to a Support Access Log row: it stays exactly as the server wrote it.
    (On ToDo it also refuses assigning a medical or protected record to a support user.)"""
    if doc.get(LOG_REFERENCES.get(doc.doctype, "")) == sa.LOG:
        frappe.throw(_("Nothing can be added to a Support Access Log entry."), frappe.PermissionError,
                     title=_("Not allowed"))
    if doc.doctype == "ToDo":
        assignment_guard(doc)


def assignment_guard(doc) -> None:
    """An assignment (ToDo) of a medical or protected record to a support user: Frappe shares the
    record with an assignee who cannot read it, and the assignee sees its title in their list."""
    if _guarded(doc.get("reference_type")) and doc.get("allocated_to") and sa.is_support_user(doc.allocated_to):
        frappe.throw(_("Medical and clinic records cannot be shared with or assigned to support staff; the clinic grants support access in the portal."),
                     frappe.PermissionError, title=_("Not allowed"))


# ----------------------------------------------------------------------------- shares
def docshare_validate(doc, method=None) -> None:
    log_reference_guard(doc)
    if not _guarded(doc.share_doctype):
        return
    if doc.everyone:
        frappe.throw(_("Medical and clinic records cannot be shared with everyone: support staff would read them."),
                     frappe.PermissionError, title=_("Not allowed"))
    if doc.user and sa.is_support_user(doc.user):
        frappe.throw(_("Medical and clinic records cannot be shared with or assigned to support staff; the clinic grants support access in the portal."),
                     frappe.PermissionError, title=_("Not allowed"))


def remove_support_shares(user: str | None = None) -> int:
    """Delete shares of medical-record and grant-protected documents with support users (or with
    ``user`` only) and with everyone; returns how many."""
    config = sa.get_config()
    doctypes = sorted(config.excluded | set(config.protected) | config.children)
    if not doctypes:
        return 0
    shares = frappe.get_all("DocShare", filters={"share_doctype": ["in", doctypes]},
                            fields=["name", "user", "everyone"], ignore_permissions=True)
    removed = 0
    for share in shares:
        if user and share.user != user:
            continue
        if share.everyone or (share.user and sa.is_support_user(share.user)):
            frappe.db.delete("DocShare", {"name": share.name})
            removed += 1
    return removed


# ----------------------------------------------------------------------------- files
def file_before_insert(doc, method=None) -> None:
    """Runs after Frappe's File.before_insert (the URL is final: a copy by name or URL reuses the
    original's). A support user may not mint a File for a URL whose existing Files they cannot
    read: owning the new record would let them download the file."""
    log_reference_guard(doc)
    user = frappe.session.user
    if not doc.file_url or not sa.is_support_user(user):
        return
    others = frappe.get_all("File", filters={"file_url": doc.file_url, "name": ["!=", doc.name or ""]},
                            pluck="name", ignore_permissions=True)
    for name in others:
        if not frappe.has_permission("File", "read", doc=frappe.get_doc("File", name), user=user):
            frappe.throw(_("This file belongs to a record you cannot read."), frappe.PermissionError,
                         title=_("Not allowed"))


def make_attached_files_private(doc, method=None) -> None:
    """``on_update`` of every doctype (early exit): public files attached to a protected or
    medical record — also through an Attach field set after the upload, which Frappe attaches
    with a bare ``db.set_value`` — are moved to private files and the field follows."""
    if not _guarded(doc.doctype) or doc.get("parenttype"):
        return
    files = frappe.get_all("File", filters={"attached_to_doctype": doc.doctype, "attached_to_name": doc.name,
                                            "is_private": 0, "is_folder": 0},
                           fields=["name", "file_url", "attached_to_field"], ignore_permissions=True)
    for row in files:
        if not (row.file_url or "").startswith("/files/"):
            continue
        file = frappe.get_doc("File", row.name)
        file.is_private = 1
        file.flags.ignore_permissions = True
        file.save()
        for df in doc.meta.get("fields", {"fieldtype": ["in", ["Attach", "Attach Image"]]}):
            if doc.get(df.fieldname) == row.file_url:
                frappe.db.set_value(doc.doctype, doc.name, df.fieldname, file.file_url, update_modified=False)
                doc.set(df.fieldname, file.file_url)


def make_existing_files_private() -> int:
    """Install / migrate: the same for files attached before healthdesk protected the doctype."""
    config = sa.get_config()
    doctypes = sorted(config.excluded | set(config.protected))
    count = 0
    for row in frappe.get_all("File", filters={"attached_to_doctype": ["in", doctypes or [""]], "is_private": 0,
                                               "is_folder": 0, "file_url": ["like", "/files/%"]},
                              fields=["name", "attached_to_doctype", "attached_to_name"], ignore_permissions=True):
        try:
            file = frappe.get_doc("File", row.name)
            file.is_private = 1
            file.flags.ignore_permissions = True
            file.save()
            count += 1
        except Exception:
            frappe.log_error(title="healthdesk: could not make an attached file private")
    return count


# ----------------------------------------------------------------------------- separation of duties
def _duties_not_separated() -> bool:
    """Site config ``healthdesk_allow_support_admin_roles``: off by default. Only for running
    Helpdesk's own upstream test suite, which makes agents System Managers; never in production
    (whoever edits site config is a server operator, outside what the app can promise anyway)."""
    return bool(frappe.conf.get("healthdesk_allow_support_admin_roles"))


def _holds_support_and_admin(roles: set[str], user: str) -> bool:
    support = bool(AGENT_ROLES & roles) or bool(
        frappe.db.get_value("HD Agent", {"name": user, "is_active": 1}, "name") if frappe.db.table_exists("HD Agent") else False)
    return support and bool(ADMIN_ROLES & roles)


def user_validate(doc, method=None) -> None:
    """A support user (Agent, Agent Manager or an active HD Agent) cannot also hold System Manager
    or Healthdesk Admin: either role would let them read what the clinic has not granted."""
    if doc.name in ("Administrator", "Guest") or frappe.flags.in_install or _duties_not_separated():
        return
    roles = {row.role for row in doc.get("roles") or []}
    if _holds_support_and_admin(roles, doc.name):
        frappe.throw(
            _("A support user cannot also be a System Manager or Healthdesk Admin: under LGPD support reads a clinic's data only while the clinic allows it, and these roles read everything. Use a separate administrator account."),
            SeparationOfDuties, title=_("Separation of duties"))
    if AGENT_ROLES & roles:
        remove_support_shares(doc.name)


def hd_agent_validate(doc, method=None) -> None:
    """The same rule when someone is made an HD Agent."""
    user = doc.get("user") or doc.name
    if not user or user in ("Administrator", "Guest") or not doc.get("is_active", 1) or _duties_not_separated():
        return
    if ADMIN_ROLES & set(frappe.get_roles(user)):
        frappe.throw(
            _("A System Manager or Healthdesk Admin cannot be made a support agent: under LGPD support reads a clinic's data only while the clinic allows it. Use a separate account for support."),
            SeparationOfDuties, title=_("Separation of duties"))


def settings_guard(doc, method=None) -> None:
    """Only a non-support admin edits the LGPD settings (a support user cannot hold the admin
    roles; this also stops a support user with any other way in)."""
    user = frappe.session.user
    if user != "Administrator" and sa.is_support_user(user):
        frappe.throw(_("Support users cannot change the support access settings."), frappe.PermissionError,
                     title=_("Not allowed"))


# ----------------------------------------------------------------------------- clinic membership
def _customer_links(doc) -> set[str]:
    return {row.link_name for row in doc.get("links") or [] if row.link_doctype == "HD Customer" and row.link_name}


def contact_validate(doc, method=None) -> None:
    """A Contact linked to an HD Customer makes its user "of that clinic" (who may grant). Support
    staff, Agent Manager included, may not create such a link or change who such a Contact is."""
    user = frappe.session.user
    if user == "Administrator" or not sa.is_support_user(user):
        return
    before = None if doc.is_new() else doc.get_doc_before_save()
    now_links = _customer_links(doc)
    old_links = _customer_links(before) if before else set()
    refused = now_links != old_links
    if not refused and (now_links or old_links) and before is not None:
        old_emails = sorted(r.email_id for r in before.get("email_ids") or [])
        new_emails = sorted(r.email_id for r in doc.get("email_ids") or [])
        refused = (before.get("user") != doc.get("user") or before.get("email_id") != doc.get("email_id")
                   or old_emails != new_emails)
    if refused:
        frappe.throw(_("Support staff cannot link people to a clinic or change who a clinic's contact is; the clinic or an administrator does it."),
                     frappe.PermissionError, title=_("Not allowed"))


def dynamic_link_guard(doc, method=None) -> None:
    """A Dynamic Link row saved on its own (``frappe.client.insert`` of a child row)."""
    if doc.get("parenttype") == "Contact" and doc.get("link_doctype") == "HD Customer":
        user = frappe.session.user
        if user != "Administrator" and sa.is_support_user(user):
            frappe.throw(_("Support staff cannot link people to a clinic or change who a clinic's contact is; the clinic or an administrator does it."),
                         frappe.PermissionError, title=_("Not allowed"))
