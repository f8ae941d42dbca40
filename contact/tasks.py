"""Background work of the contact app: the two emails each inquiry sends.

Each email's delivery is recorded on the inquiry, so the task can run any number
of times (a retry, the `retry_inquiry_emails` command, two workers at once) and
each email still goes out once. Nothing the person typed goes into a header.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from contact.models.inquiries import MAX_EMAIL_ATTEMPTS, Inquiry, InquirySettings
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
    return f"{kind}: {type(error).__name__}"


@task()
def send_inquiry_emails(inquiry_id):
    """Send whichever of the inquiry's two emails has not gone out yet."""
    with transaction.atomic():
        # The row lock makes a second run wait, then see what the first one sent.
        inquiry = Inquiry.objects.select_for_update().filter(pk=inquiry_id).first()
        if inquiry is None or inquiry.status == Inquiry.Status.SPAM:
            return "skipped"
        practice = PracticeSettings.load()
        pending = []
        if inquiry.notification_sent_at is None:
            pending.append(("notification", notification_email))
        if inquiry.acknowledgement_sent_at is None:
            pending.append(("acknowledgement", acknowledgement_email))
        if not pending:
            return "already sent"
        errors = []
        for kind, build in pending:
            try:
                build(inquiry, practice).send()
            # SMTPException and OSError (refused, timed out) are the usual ones, but any
            # failure must be recorded on the row, or it would not show as failed.
            except Exception as error:
                errors.append(describe(kind, error))
            else:
                setattr(inquiry, f"{kind}_sent_at", timezone.now())
        inquiry.email_attempts += 1
        inquiry.last_email_error = "; ".join(errors)[:200]
        # updated_at is left alone: sending email is not a change the intake team made.
        inquiry.save(
            update_fields=[
                "notification_sent_at",
                "acknowledgement_sent_at",
                "email_attempts",
                "last_email_error",
            ]
        )
    if errors:
        schedule_retry(inquiry)
        raise InquiryEmailError(f"Inquiry {inquiry.pk}: {inquiry.last_email_error}")
    return "sent"


def schedule_retry(inquiry):
    """Try again later with growing pauses, where the task backend can defer work.

    The immediate backend cannot; there `manage.py retry_inquiry_emails` (run from
    cron) does the retrying.
    """
    if inquiry.email_attempts >= MAX_EMAIL_ATTEMPTS:
        return
    if not send_inquiry_emails.get_backend().supports_defer:
        return
    delay = timedelta(minutes=2**inquiry.email_attempts)
    send_inquiry_emails.using(run_after=timezone.now() + delay).enqueue(inquiry.pk)
