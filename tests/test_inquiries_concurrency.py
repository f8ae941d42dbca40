"""Many people sending the form at once: every inquiry is stored, none fails."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core import mail

from contact.models import Inquiry
from contact.models import pages as contact_pages
from tests.inquiry_factories import build_contact_site, inquiry_form_data

SUBMISSIONS = 50
EMPTY_TOKEN = 'name="csrfmiddlewaretoken" value=""'


def send_inquiry(base_url, number):
    """One visitor: load the (cached) form and, as site.js does, its token; then post it."""
    with requests.Session() as session:
        page = session.get(f"{base_url}/contact/", timeout=30)
        assert EMPTY_TOKEN in page.text
        token = session.get(f"{base_url}/form-values/", timeout=30).json()["csrfmiddlewaretoken"]
        data = inquiry_form_data(
            name=f"Visitor {number}",
            email=f"visitor{number}@example.com",
            csrfmiddlewaretoken=token,
        )
        response = session.post(
            f"{base_url}/contact/", data=data, allow_redirects=False, timeout=30
        )
        return response.status_code, response.headers.get("Location")


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_inquiries_are_all_stored_and_acknowledged(live_server, monkeypatch):
    build_contact_site()
    # All visitors share one address here; the limit is not what this test is about.
    monkeypatch.setattr(contact_pages, "INQUIRY_RATE_LIMIT", SUBMISSIONS * 2)

    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        results = list(pool.map(lambda n: send_inquiry(live_server.url, n), range(SUBMISSIONS)))

    assert results == [(302, "/contact/thanks/")] * SUBMISSIONS
    assert Inquiry.objects.count() == SUBMISSIONS
    assert set(Inquiry.objects.values_list("email", flat=True)) == {
        f"visitor{n}@example.com" for n in range(SUBMISSIONS)
    }
    assert not Inquiry.objects.exclude(status=Inquiry.Status.NEW).exists()
    assert not Inquiry.objects.emails_unsent().exists()
    assert len(mail.outbox) == 2 * SUBMISSIONS
