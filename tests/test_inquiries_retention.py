"""`manage.py purge_inquiries`: old closed and spam inquiries go; open ones stay."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contact.models import Inquiry
from tests.inquiry_factories import InquiryFactory


def aged(days, **fields):
    inquiry = InquiryFactory(**fields)
    Inquiry.objects.filter(pk=inquiry.pk).update(updated_at=timezone.now() - timedelta(days=days))
    return inquiry


def purge(*args):
    out = io.StringIO()
    call_command("purge_inquiries", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def mixed(db):
    return {
        "old_closed": aged(400, status=Inquiry.Status.CLOSED),
        "old_spam": aged(400, status=Inquiry.Status.SPAM),
        "old_new": aged(400, status=Inquiry.Status.NEW),
        "old_contacted": aged(400, status=Inquiry.Status.CONTACTED),
        "old_scheduled": aged(400, status=Inquiry.Status.SCHEDULED),
        "recent_closed": aged(30, status=Inquiry.Status.CLOSED),
        "recent_spam": aged(30, status=Inquiry.Status.SPAM),
    }


def remaining():
    return set(Inquiry.objects.values_list("pk", flat=True))


def test_purge_deletes_only_old_closed_and_spam_inquiries(mixed):
    output = purge("--older-than-days", "365")
    assert "Deleted 2 closed or spam inquiries older than 365 days." in output
    kept = {"old_new", "old_contacted", "old_scheduled", "recent_closed", "recent_spam"}
    assert remaining() == {mixed[name].pk for name in kept}


def test_purge_defaults_to_the_retention_setting(mixed, settings):
    settings.INQUIRY_RETENTION_DAYS = 20
    # The default is read when the command's arguments are defined, i.e. at each call.
    output = purge()
    assert "Deleted 4 closed or spam inquiries older than 20 days." in output


def test_dry_run_reports_and_deletes_nothing(mixed):
    output = purge("--older-than-days", "365", "--dry-run")
    assert "2 closed or spam inquiries would be deleted (dry run)." in output
    assert len(remaining()) == 7


def test_purge_refuses_a_nonsense_age(db):
    with pytest.raises(CommandError):
        purge("--older-than-days", "0")


@pytest.mark.parametrize("old_rows", [3, 30])
def test_purge_is_one_delete_whatever_the_number_of_rows(db, old_rows):
    for _ in range(old_rows):
        aged(400, status=Inquiry.Status.CLOSED)
    with CaptureQueriesContext(connection) as queries:
        purge("--older-than-days", "365")
    statements = [query["sql"] for query in queries if "SAVEPOINT" not in query["sql"]]
    assert len(statements) == 1 and statements[0].startswith("DELETE")
    assert not Inquiry.objects.exists()
