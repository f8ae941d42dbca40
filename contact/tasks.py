"""Background work of the contact app: the two emails each inquiry sends.

Each email's delivery is recorded on the inquiry, and a worker claims the inquiry
before sending (mindful/outbox.py), so the task can run any number of times (a
retry, `retry_emails`, two workers at once) and each email still goes out once,
with no lock held while the mail server talks. Nothing the person typed goes into
a header.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from contact.models.inquiries import MAX_EMAIL_ATTEMPTS, Inquiry, InquirySettings
from mindful import outbox
from mindful.models import FeeSettings, PracticeSettings
from mindful.one_line import one_line


class InquiryEmailError(Exception):
    """Raised by the task so its result is marked failed; carries no personal data."""


class NoNotificationAddress(Exception):
    pass


def admin_edit_url(inquiry):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "contact_inquiries:edit", args=[inquiry.pk]
    )


def render_email(template, subject, to, context):
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"contact/emails/{template}.txt", context),
        to=to,
    )
    message.attach_alternative(
        render_to_string(f"contact/emails/{template}.html", context), "text/html"
    )
    return message


def notification_email(inquiry, practice):
    recipient = practice.inquiry_notification_email
    if not recipient:
        raise NoNotificationAddress
    context = {
        "inquiry": inquiry,
        "practice": practice,
        "admin_url": admin_edit_url(inquiry),
        "include_details": InquirySettings.load().notification_includes_details,
    }
    return render_email(
        "inquiry_notification",
        f"New inquiry on the {practice.practice_name} website",
        [recipient],
        context,
    )


def acknowledgement_email(inquiry, practice):
    # The contact page the inquiry was sent from holds the thank-you text it repeats.
    contact_page = inquiry.source_page.specific if inquiry.source_page_id else None
    context = {"inquiry": inquiry, "practice": practice, "contact_page": contact_page}
    # The No Surprises Act notice goes to everyone who asks about care, from the fee settings.
    context["fee_settings"] = FeeSettings.load()
    return render_email(
        "inquiry_acknowledgement",
        f"We received your message - {practice.practice_name}",
        [inquiry.email],
        context,
    )


def describe(kind, error):
    """The failure without its details: SMTP answers often quote the recipient's address."""
    if isinstance(error, NoNotificationAddress):
        return f"{kind}: no address in Settings > Practice settings"
    return f"{kind}: {outbox.describe(error)}"


EMAILS = [("notification", notification_email), ("acknowledgement", acknowledgement_email)]


@task()
def send_inquiry_emails(inquiry_id):
    """Send whichever of the inquiry's two emails has not gone out yet."""
    this_inquiry = Inquiry.objects.filter(pk=inquiry_id)
    claimed = outbox.claim(
        this_inquiry.emails_unsent(),
        claimed_field="emails_claimed_at",
        attempts_field="email_attempts",
    )
    if not claimed:
        return "nothing to send"  # sent, spam, deleted, or another worker is sending it
    inquiry = this_inquiry.select_related("source_page").get()
    practice = PracticeSettings.load()
    errors = []
    for kind, build in EMAILS:
        if getattr(inquiry, f"{kind}_sent_at") is not None:
            continue
        try:
            build(inquiry, practice).send()
        # SMTPException and OSError (refused, timed out) are the usual ones, but any
        # failure must be recorded on the row, or it would not show as failed.
        except Exception as error:
            errors.append(describe(kind, error))
        else:
            # Recorded at once (and the claim renewed), before the next conversation.
            now = timezone.now()
            outbox.record(this_inquiry, **{f"{kind}_sent_at": now, "emails_claimed_at": now})
    # updated_at is left alone: sending email is not a change the intake team made.
    last_error = "; ".join(errors)[:200]
    outbox.record(this_inquiry, emails_claimed_at=None, last_email_error=last_error)
    if errors:
        schedule_retry(inquiry_id, inquiry.email_attempts)
        raise InquiryEmailError(f"Inquiry {inquiry_id}: {last_error}")
    return "sent"


def schedule_retry(inquiry_id, attempts):
    """Try again later with growing pauses, where the task backend can defer work.

    The immediate backend cannot; there `manage.py retry_emails` (run every minute by
    `run_periodic`) does the retrying.
    """
    if attempts >= MAX_EMAIL_ATTEMPTS:
        return
    if not send_inquiry_emails.get_backend().supports_defer:
        return
    delay = timedelta(minutes=2**attempts)
    send_inquiry_emails.using(run_after=timezone.now() + delay).enqueue(inquiry_id)


def retry_inquiry_emails(*, older_than, include_given_up=False):
    """Queue the task again for every inquiry with an unsent email; returns how many."""
    unsent = Inquiry.objects.emails_claimable().filter(created_at__lte=older_than)
    return outbox.requeue(
        unsent.order_by("created_at"),
        send_inquiry_emails,
        attempts_field="email_attempts",
        max_attempts=MAX_EMAIL_ATTEMPTS,
        include_given_up=include_given_up,
    )


retry_inquiry_emails.label = "inquiries"
