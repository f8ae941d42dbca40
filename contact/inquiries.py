"""Writing an inquiry: the one function every path that stores one goes through."""

from django.db import transaction
from django.utils import timezone

from contact.models.inquiries import Inquiry
from contact.tasks import send_inquiry_emails


@transaction.atomic
def inquiry_create(
    *,
    name,
    email,
    phone="",
    preferred_contact_method=Inquiry.ContactMethod.EMAIL,
    best_times="",
    service=None,
    clinician=None,
    session_format=Inquiry.SessionFormat.NO_PREFERENCE,
    message,
    referral_source="",
    source_page=None,
    address_hash="",
    is_spam=False,
):
    """Store an inquiry, then (once the row is committed) queue its two emails.

    A spam-flagged inquiry is kept with status spam and sends nothing. The emails
    are queued only after the commit, so a mail outage or a crashed worker can
    never lose the row; `robust=True` keeps a failing queue from turning a stored
    inquiry into an error page (`retry_emails` picks it up later).
    """
    inquiry = Inquiry.objects.create(
        name=name,
        email=email,
        phone=phone,
        preferred_contact_method=preferred_contact_method,
        best_times=best_times,
        service=service,
        service_title=service.title if service else "",
        clinician=clinician,
        clinician_name=clinician.title if clinician else "",
        session_format=session_format,
        message=message,
        referral_source=referral_source,
        consented_at=timezone.now(),
        source_page=source_page,
        address_hash=address_hash,
        status=Inquiry.Status.SPAM if is_spam else Inquiry.Status.NEW,
    )
    if not is_spam:
        transaction.on_commit(lambda: send_inquiry_emails.enqueue(inquiry.pk), robust=True)
    return inquiry
