"""Fees as data: the schedule, insurance and the Good Faith Estimate notice, wherever fees show."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from mindful.demo import add_page
from mindful.models import GOOD_FAITH_ESTIMATE_NOTICE, Fee, FeeSettings, FeesPage, HomePage
from services.demo import fee_schedule
from services.models import ServicePage
from tests.inquiry_factories import build_contact_site, inquiry_form_data
from tests.schema_org import invalid_properties, json_ld_blocks

# Words from the standard CMS notice every fee table must carry.
GFE_WORDS = [
    "You have the right to receive a “Good Faith Estimate”",
    "at least $400 more than your Good Faith Estimate",
    "www.cms.gov/nosurprises",
    "1-800-985-3059",
]


@pytest.fixture
def fees_site(db):
    """Home, the demo services and contact page, the fees page and the demo fee schedule."""
    build_contact_site()
    home = HomePage.objects.get()
    add_page(home, FeesPage, "fees-and-insurance", title="Fees and insurance")
    services = {page.slug: page for page in ServicePage.objects.all()}
    return fee_schedule(services)


def settings_url(fees):
    """Settings → Fees and insurance in the admin."""
    return reverse("wagtailsettings:edit", args=["mindful", "feesettings", fees.pk])


def text(html):
    """The page's words without tags, as a reader sees them."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def table_rows(html):
    return [
        [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def assert_has_notice(html):
    for words in GFE_WORDS:
        assert words in text(html)


def test_fees_page_shows_the_schedule_insurance_and_notice(client, fees_site):
    html = client.get("/fees-and-insurance/").content.decode()
    rows = table_rows(html)
    assert ["Service", "Session length", "Fee", "Sliding scale"] in rows
    assert ["Individual therapy", "53 minutes", "$210", "Offered"] in rows
    assert ["Group therapy Per session attended", "90 minutes", "$75", "Offered"] in rows
    assert [
        "Psychological evaluation Per hour of testing, scoring and report writing; most take "
        "8–12 hours",
        "60 minutes",
        "$275",
        "No",
    ] in rows
    assert ["Premera Blue Cross", "PPO and individual plans"] in rows
    assert ["Regence BlueShield", "—"] in rows
    assert "superbill" in text(html)
    assert "We accept: Credit card, debit card, HSA/FSA card." in text(html)
    assert_has_notice(html)


def test_service_page_shows_only_its_own_fees_and_the_notice(client, fees_site):
    html = client.get("/services/group-therapy/").content.decode()
    rows = table_rows(html)
    assert ["Group therapy Per session attended", "90 minutes", "$75", "Offered"] in rows
    assert not any(row and row[0].startswith("Individual therapy") for row in rows)
    assert_has_notice(html)


def test_service_without_fees_still_shows_the_notice(client, fees_site):
    Fee.objects.filter(service__slug="psychological-evaluations").delete()
    html = client.get("/services/psychological-evaluations/").content.decode()
    assert "<table" not in html
    assert_has_notice(html)


def test_changing_a_fee_in_the_admin_changes_the_tables_and_keeps_the_notice(client, fees_site):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    url = settings_url(fees_site)
    assert client.get(url).status_code == 200
    fees = list(fees_site.fees.all())
    rows = [
        {
            "id": fee.pk,
            "name": fee.name,
            "service": fee.service_id or "",
            "session_minutes": fee.session_minutes or "",
            "fee": "225.00" if fee.name == "Individual therapy" else str(fee.fee),
            "sliding_scale": "on" if fee.sliding_scale else "",
            "note": fee.note,
        }
        for fee in fees
    ]
    plans = [
        {"id": plan.pk, "name": plan.name, "note": plan.note}
        for plan in fees_site.insurance_plans.all()
    ]
    data = nested_form_data(
        {
            "fees": inline_formset(rows, initial=len(rows)),
            "insurance_plans": inline_formset(plans, initial=len(plans)),
            "superbill_note": fees_site.superbill_note,
            "sliding_scale_note": fees_site.sliding_scale_note,
            "payment_methods": fees_site.payment_methods,
            "good_faith_estimate": fees_site.good_faith_estimate,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302

    for page in ["/fees-and-insurance/", "/services/individual-therapy/"]:
        html = client.get(page).content.decode()
        assert ["Individual therapy", "53 minutes", "$225", "Offered"] in table_rows(html)
        assert_has_notice(html)


def test_the_notice_cannot_be_emptied_in_the_admin(client, fees_site):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    url = settings_url(fees_site)
    data = nested_form_data(
        {
            "fees": inline_formset([]),
            "insurance_plans": inline_formset([]),
            "superbill_note": "",
            "sliding_scale_note": "",
            "payment_methods": "",
            "good_faith_estimate": "   ",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert FeeSettings.load().good_faith_estimate == GOOD_FAITH_ESTIMATE_NOTICE


def test_the_database_refuses_an_empty_notice(fees_site):
    fees_site.good_faith_estimate = ""
    with pytest.raises(IntegrityError), transaction.atomic():
        fees_site.save()


def test_inquiry_acknowledgement_carries_the_notice(
    client, fees_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", inquiry_form_data())
    assert response.status_code == 302
    [acknowledgement] = [message for message in mail.outbox if message.to == ["ada@example.com"]]
    assert_has_notice(acknowledgement.body)
    html_part = acknowledgement.alternatives[0][0]
    assert_has_notice(html_part)


def test_practice_json_ld_offers_the_fees_and_names_the_plans(client, fees_site):
    html = client.get("/").content.decode()
    [practice] = [block for block in json_ld_blocks(html) if "address" in block]
    assert practice["@type"] == "MedicalClinic"  # a MedicalBusiness and a MedicalOrganization
    assert practice["priceRange"] == "$75–$275"
    assert practice["currenciesAccepted"] == "USD"
    assert practice["paymentAccepted"] == "Credit card, debit card, HSA/FSA card"
    assert practice["healthPlanNetworkId"][:2] == ["Premera Blue Cross", "Regence BlueShield"]
    individual = next(
        offer
        for offer in practice["makesOffer"]
        if offer["itemOffered"]["name"] == "Individual therapy"
    )
    assert individual == {
        "@type": "Offer",
        "itemOffered": {
            "@type": "Service",
            "name": "Individual therapy",
            "url": "http://localhost/services/individual-therapy/",
        },
        "price": "210.00",
        "priceCurrency": "USD",
        "priceSpecification": {
            "@type": "UnitPriceSpecification",
            "price": "210.00",
            "priceCurrency": "USD",
            "referenceQuantity": {"@type": "QuantitativeValue", "value": 53, "unitCode": "MIN"},
        },
        "description": "Sliding scale available",
    }
    assert invalid_properties(practice) == []


def test_fees_page_carries_the_same_practice_json_ld(client, fees_site):
    html = client.get("/fees-and-insurance/").content.decode()
    [practice] = json_ld_blocks(html)
    assert practice["url"] == "http://localhost/"
    assert len(practice["makesOffer"]) == Fee.objects.count()
    assert invalid_properties(practice) == []


def test_practice_without_fees_has_no_offers(client, fees_site):
    Fee.objects.all().delete()
    fees_site.insurance_plans.all().delete()
    html = client.get("/").content.decode()
    [practice] = [block for block in json_ld_blocks(html) if "address" in block]
    assert "makesOffer" not in practice and "priceRange" not in practice
    assert "healthPlanNetworkId" not in practice


def test_demo_schedule_is_realistic_for_seattle(fees_site):
    individual = Fee.objects.get(name="Individual therapy")
    assert individual.session_minutes == 53  # the 90837 psychotherapy code's minimum
    assert Decimal("150") <= individual.fee <= Decimal("275")
    assert fees_site.insurance_plans.filter(name="Premera Blue Cross").exists()
