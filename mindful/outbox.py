"""Emails recorded on rows: claim, send outside any transaction, record the outcome.

Every email the site sends belongs to a row that records whether it went out (an
inquiry, a comment, a confirmation request, a newsletter delivery). Sending one takes
three steps, each a single UPDATE committed on its own, so no transaction or row lock
is held while an SMTP server talks (up to EMAIL_TIMEOUT per conversation):

1. claim: mark the row as being sent, only if it is unsent and nobody holds a live
   claim, so two workers (or a retry racing the first run) can never both send it;
2. send, outside any transaction;
3. record: store the sent time or the error, and release the claim.

A claim older than EMAIL_CLAIM_TIMEOUT belongs to a worker that died mid-send, and the
row may be claimed again. Recording waits out a database restart: the email has left,
and forgetting that would send it a second time.
"""

import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

# How long recording an outcome waits for the database to come back (a restart takes seconds).
RECORD_PATIENCE_SECONDS = 120

# Refusals about one message or recipient: the server works, the next email may go.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def claim_timeout():
    return timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT)


def claimable(queryset, claimed_field="claimed_at"):
    """Rows nobody is sending right now (no claim, or one a dead worker left behind)."""
    stale = timezone.now() - claim_timeout()
    return queryset.filter(
        Q(**{f"{claimed_field}__isnull": True}) | Q(**{f"{claimed_field}__lt": stale})
    )


def claim(queryset, *, claimed_field="claimed_at", attempts_field="attempts"):
    """Claim the one row of `queryset` for this worker; False if it is sent or taken.

    The filters must name the row's own columns (a subquery in `__in` is fine). Through
    a join, Django writes UPDATE ... WHERE id IN (SELECT ...), and PostgreSQL does not
    check that subquery again once a concurrent claim commits: both workers would win.
    """
    claimable_rows = claimable(queryset, claimed_field)
    if claimable_rows.query.count_active_tables() > 1:
        raise ValueError("A claim must filter on the row's own columns, not through a join.")
    updated = claimable_rows.update(
        **{claimed_field: timezone.now(), attempts_field: F(attempts_field) + 1}
    )
    return updated == 1


def record(queryset, **values):
    """Write an outcome, retrying while the database restarts (outside transactions only)."""
    connection = connections[queryset.db]
    deadline = time.monotonic() + RECORD_PATIENCE_SECONDS
    while True:
        try:
            return queryset.update(**values)
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or time.monotonic() > deadline:
                raise
            connection.close()  # a broken connection; the next try opens a new one
            time.sleep(0.5)


def describe(error):
    """The failure without its details: SMTP answers often quote the recipient's address."""
    return type(error).__name__


def server_unavailable(error):
    """True when the mail server itself failed (refused, gone, timed out), not one message."""
    return not isinstance(error, MESSAGE_ERRORS)


def retry_unsent(*, older_than, include_given_up=False):
    """Queue again every kind of email listed in settings.EMAIL_RETRIES; returns counts by kind.

    Each app owns its kind (inquiry emails, confirmations, comment notifications) and
    the function that queues its unsent rows; `manage.py retry_emails` calls them all.
    """
    counts = {}
    for path in settings.EMAIL_RETRIES:
        retry = import_string(path)
        counts[retry.label] = retry(older_than=older_than, include_given_up=include_given_up)
    return counts


def requeue(unsent, task, *, attempts_field, max_attempts, include_given_up=False):
    """Queue `task` again for each row of `unsent` (in its order); rows given up after
    `max_attempts` only when asked. Returns how many were queued."""
    if not include_given_up:
        unsent = unsent.filter(**{f"{attempts_field}__lt": max_attempts})
    ids = list(unsent.values_list("pk", flat=True))
    for pk in ids:
        task.enqueue(pk)
    return len(ids)
