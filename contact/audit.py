"""The intake audit trail, kept in Wagtail's audit log (Reports → Site history and each
inquiry's History): who viewed an inquiry, changed its status or notes, exported
inquiries, and answered a privacy request.

Entries name the inquiry by number and date (its `__str__`) and hold no text anyone
wrote: no name, address, message, notes or search words, only which fields changed,
statuses, filter choices and counts.
"""

from wagtail.log_actions import log

VIEW = "contact.inquiry.view"
STATUS = "contact.inquiry.status"
NOTES = "contact.inquiry.notes"
EXPORT = "contact.inquiry.export"
PRIVACY_EXPORT = "contact.privacy_request.export"
PRIVACY_DELETE = "contact.privacy_request.delete"

# Listing parameters that are not filters (or, for "q", are words someone typed).
NOT_FILTERS = {"export", "q", "p", "ordering"}


def log_viewed(inquiry, user):
    log(inquiry, VIEW, user=user)


def log_changed(inquiry, user, *, old_status, notes_changed):
    """One entry for a new status (from and to), one for changed notes (never their text)."""
    if old_status != inquiry.status:
        log(inquiry, STATUS, user=user, data={"from": old_status, "to": inquiry.status})
    if notes_changed:
        log(inquiry, NOTES, user=user)


def export_filters(query):
    """The filters of an export request, as {name: [values]}; a search is noted, not kept."""
    filters = {
        name: [value for value in query.getlist(name) if value]
        for name in sorted(query)
        if name not in NOT_FILTERS
    }
    filters = {name: values for name, values in filters.items() if values}
    return {"filters": filters, "searched": bool(query.get("q", "").strip())}


def log_exported(inquiries, user, *, export_format, query):
    """Each exported inquiry's history shows the export, with the filter that chose it."""
    data = {"format": export_format, "rows": len(inquiries), **export_filters(query)}
    for inquiry in inquiries:
        log(inquiry, EXPORT, user=user, data=data)


def log_privacy_request(privacy_request, user=None):
    action = (
        PRIVACY_DELETE if privacy_request.kind == privacy_request.Kind.DELETE else PRIVACY_EXPORT
    )
    log(privacy_request, action, user=user, data={"records": privacy_request.record_counts})
