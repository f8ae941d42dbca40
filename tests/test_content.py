"""What a reader sees in the demo content: no placeholders, a privacy policy that covers
everything the site keeps, fees that say how to pay, US spelling, an acknowledgement email
that says things once, and the first post with its typos corrected."""

import re

from django.core import mail

from mindful.seo import plain_text
from tests.inquiry_factories import inquiry_form_data
from tests.site_pages import INDEXABLE

# British spellings an en-US site must not show (whole words, case-insensitive).
BRITISH = (
    r"\b(practise[sd]?|centres?|colours?|behaviours?|organis\w+|favour\w*|wellbeing|licence)\b"
)


def visible_text(client, path):
    html = client.get(path).content.decode()
    body = html.split("<body", 1)[1]
    alts = " ".join(re.findall(r'alt="([^"]*)"', body))
    return plain_text(re.sub(r"<script.*?</script>", " ", body, flags=re.S)) + " " + alts


def test_no_page_shows_a_placeholder_or_british_spelling(client, demo):
    for name, path in INDEXABLE.items():
        text = visible_text(client, path)
        assert not re.search(r"0000|placeholder|lorem|TODO", text, re.I), name
        assert not re.findall(BRITISH, text, re.I), (name, re.findall(BRITISH, text, re.I))


def test_privacy_policy_covers_inquiries_comments_and_the_mailing_list(client, demo):
    text = visible_text(client, "/privacy/")
    for heading in ["Inquiries", "Comments on posts", "The mailing list"]:
        section = text.split(heading, 1)[1][:900]
        for question in ["What we keep:", "Who sees it:", "How long:"]:
            assert question in section, (heading, question)
    assert "copy of what this website holds about you" in text
    assert "to delete it" in text


def test_fees_page_says_how_to_pay(client, demo):
    text = visible_text(client, "/fees-and-insurance/")
    assert "How to pay" in text
    assert "credit or debit card" in text and "HSA or FSA" in text


def test_acknowledgement_email_says_it_received_the_inquiry_once(
    client, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", inquiry_form_data())
    acknowledgement = mail.outbox[1]
    assert acknowledgement.to == ["ada@example.com"]
    assert acknowledgement.body.lower().count("received your inquiry") == 1
    html = acknowledgement.alternatives[0][0]
    assert html.lower().count("received your inquiry") == 1


def test_first_post_reads_without_its_typos(client, demo):
    text = visible_text(client, "/blog/how-does-psychotherapy-work/")
    assert "live a life more in alignment" in text and "a live life" not in text
    assert "at a deeply felt level" in text
    assert "If you got something out of it" in text and "join our mailing list" in text
    assert "join my mailing list" not in text
    assert not re.search(r"[.!?] [a-z]", text.split("Thanks for reading", 1)[1][:300])
