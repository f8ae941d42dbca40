"""A service's FAQ: an accessible disclosure list on the page and FAQPage JSON-LD in <head>."""

import json
import re

import pytest
from wagtail.rich_text import RichText

from tests.services_factories import ServicePageFactory, services_tree


def faq(*pairs):
    return [("question", {"question": q, "answer": RichText(a)}) for q, a in pairs]


def json_ld_blocks(html):
    payloads = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(payload) for payload in payloads]


@pytest.fixture
def index(db):
    return services_tree()[0]


def test_faq_json_ld_is_valid_json_with_the_questions_and_answers_in_order(client, index):
    ServicePageFactory(
        parent=index,
        title="Couples therapy",
        faq=faq(
            ("Do we both have to come?", "<p>Usually, <b>yes</b>.</p>"),
            ("How long is a session?", "<p>80 minutes.</p>"),
        ),
    )
    html = client.get("/services/couples-therapy/").content.decode()
    (data,) = json_ld_blocks(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"] == [
        {
            "@type": "Question",
            "name": "Do we both have to come?",
            "acceptedAnswer": {"@type": "Answer", "text": "<p>Usually, <b>yes</b>.</p>"},
        },
        {
            "@type": "Question",
            "name": "How long is a session?",
            "acceptedAnswer": {"@type": "Answer", "text": "<p>80 minutes.</p>"},
        },
    ]


def test_faq_renders_as_a_disclosure_list_of_every_question(client, index):
    ServicePageFactory(
        parent=index,
        title="Group therapy",
        faq=faq(("Is it confidential?", "<p>Yes.</p>"), ("Can I just listen?", "<p>Yes.</p>")),
    )
    html = client.get("/services/group-therapy/").content.decode()
    items = re.findall(r"<details[^>]*>\s*<summary>(.*?)</summary>", html, re.S)
    assert items == ["Is it confidential?", "Can I just listen?"]
    assert html.count("</details>") == 2


def test_faq_answers_link_to_pages_by_their_current_address(client, index):
    ServicePageFactory(
        parent=index,
        title="Evaluations",
        faq=faq(("What does it cost?", f'<p>See <a linktype="page" id="{index.pk}">fees</a>.</p>')),
    )
    html = client.get("/services/evaluations/").content.decode()
    (data,) = json_ld_blocks(html)
    answer = data["mainEntity"][0]["acceptedAnswer"]["text"]
    assert answer == '<p>See <a href="/services/">fees</a>.</p>'
    assert '<p>See <a href="/services/">fees</a>.</p>' in html


def test_faq_json_ld_cannot_close_its_script_element(client, index):
    question = "What if I type </script><script>alert(1)</script>?"
    ServicePageFactory(parent=index, title="Therapy", faq=faq((question, "<p>Nothing.</p>")))
    html = client.get("/services/therapy/").content.decode()
    assert "</script><script>alert(1)" not in html
    (data,) = json_ld_blocks(html)
    assert data["mainEntity"][0]["name"] == question


def test_service_without_faq_has_no_faq_json_ld_or_section(client, index):
    ServicePageFactory(parent=index, title="Consultation")
    html = client.get("/services/consultation/").content.decode()
    assert json_ld_blocks(html) == []
    assert "<details" not in html
    assert "Questions people ask" not in html
