"""Content notes: a warning before the post, on its card and at the start of its feed item."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from blog.models import ContentNote
from tests.blog_factories import add_post, build_blog

pytestmark = pytest.mark.django_db

NOTE = "Discusses suicide and self-harm"


@pytest.fixture
def blog():
    blog, tabitha, _ = build_blog()
    note = ContentNote.objects.create(text=NOTE)
    add_post(blog, "Staying Safe", authors=[tabitha], content_note=note)
    add_post(blog, "Morning Light", authors=[tabitha])
    return blog


def test_post_shows_the_note_in_a_labelled_box_before_the_body(client, blog):
    html = client.get("/blog/staying-safe/").content.decode()
    box = re.search(
        r'<aside class="content-note" aria-labelledby="([^"]+)">(.*?)</aside>', html, re.S
    )
    assert box is not None
    heading_id, inside = box.groups()
    assert re.search(rf'<h2 id="{heading_id}"[^>]*>Content note</h2>', inside)
    assert f"{NOTE}." in inside
    assert html.index('class="content-note"') < html.index('class="wrap prose post-body"')


def test_post_without_a_note_has_no_box(client, blog):
    html = client.get("/blog/morning-light/").content.decode()
    assert "content-note" not in html


def test_note_written_for_one_post_replaces_the_chosen_one(client, blog):
    post = blog.get_children().get(slug="staying-safe").specific
    post.content_note_text = "Describes a panic attack in detail."
    post.save_revision().publish()
    html = client.get("/blog/staying-safe/").content.decode()
    assert "Describes a panic attack in detail." in html
    assert NOTE not in html


def test_listing_cards_carry_the_note_as_a_label(client, blog):
    html = client.get("/blog/").content.decode()
    cards = re.findall(r'<li class="post-card">(.*?)</li>', html, re.S)
    staying, morning = (
        next(card for card in cards if title in card) for title in ("Staying Safe", "Morning Light")
    )
    assert f"Content note: {NOTE}" in staying
    assert "Content note" not in morning


def test_feed_item_description_starts_with_the_note(client, blog):
    feed = client.get("/blog/feed/").content.decode()
    descriptions = re.findall(r"<description>(.*?)</description>", feed)
    assert f"Content note: {NOTE}. About Staying Safe." in descriptions
    assert "About Morning Light." in descriptions


def test_clinicians_can_keep_the_list_of_notes(client, blog):
    clinician = get_user_model().objects.create_user("jo", "jo@example.com", "pw")
    clinician.groups.add(Group.objects.get(name="Editors"))
    client.force_login(clinician)
    response = client.post(
        reverse("wagtailsnippets_blog_contentnote:add"), {"text": "Discusses eating disorders"}
    )
    assert response.status_code == 302
    assert ContentNote.objects.filter(text="Discusses eating disorders").exists()
