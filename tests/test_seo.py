"""What search engines and link previews read: titles, descriptions, Open Graph and Twitter
tags, noindex on utility pages, lastmod in the sitemap, and search from every page."""

import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from blog.models import BlogPostPage
from mindful.models import PracticeSettings, StandardPage
from mindful.seo import page_description, plain_text
from tests.site_pages import INDEXABLE, utility_pages
from tests.sitemaps import sitemap_chunks

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def meta(html, attribute, name):
    """The content of <meta {attribute}="{name}" content="…">, or None."""
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return unescape(match.group(1)) if match else None


def title(html):
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())


def get(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("name", INDEXABLE)
def test_every_indexable_page_has_a_description_and_link_preview_tags(client, demo, name):
    html = get(client, INDEXABLE[name])
    description = meta(html, "name", "description")
    assert description and len(description) > 30, name
    assert meta(html, "property", "og:description") == description
    assert meta(html, "name", "twitter:description") == description
    assert meta(html, "property", "og:title"), name
    assert meta(html, "property", "og:url").startswith("http"), name
    assert meta(html, "property", "og:site_name") == "Mindful Psychological"
    image = meta(html, "property", "og:image")
    assert image and image.startswith("http") and image.endswith(".jpg"), name
    assert meta(html, "property", "og:image:alt"), name
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "robots") is None, f"{name} must stay indexable"


def test_utility_pages_are_noindex_and_still_described(client, demo):
    for name, path in utility_pages().items():
        html = get(client, path)
        assert meta(html, "name", "robots") == "noindex", name
        assert meta(html, "name", "description"), name
        assert meta(html, "property", "og:title"), name


def test_unsubscribed_answer_is_noindex(client, demo):
    path = utility_pages()["unsubscribe"]
    html = client.post(path).content.decode()
    assert "You are unsubscribed" in html
    assert meta(html, "name", "robots") == "noindex"


def test_pages_without_their_own_picture_share_the_default_image_from_settings(client, demo):
    share_image = PracticeSettings.load().share_image
    html = get(client, "/services/individual-therapy/")
    assert "/mountain-lake-at-dusk" in meta(html, "property", "og:image")
    assert meta(html, "property", "og:image:alt") == share_image.default_alt_text
    post = get(client, "/blog/how-does-psychotherapy-work/")
    assert "therapy-room" in meta(post, "property", "og:image")
    assert meta(post, "property", "og:type") == "article"
    assert meta(post, "property", "og:image:alt").startswith("Illustration of two armchairs")


def test_title_follows_the_editable_pattern(client, demo):
    assert title(get(client, "/services/individual-therapy/")) == (
        "Individual therapy · Mindful Psychological, Seattle"
    )
    assert title(get(client, "/services/specialty/anxiety/")) == (
        "Anxiety · Mindful Psychological, Seattle"
    )
    settings = PracticeSettings.load()
    settings.title_pattern = "{title} | {practice} ({city}, WA)"
    settings.save()
    assert (
        title(get(client, "/about/")) == "About the practice | Mindful Psychological (Seattle, WA)"
    )


def test_title_pattern_without_the_page_title_is_refused(demo):
    from django.core.exceptions import ValidationError

    settings = PracticeSettings.load()
    for pattern in ["{practice}, {city}", "{title} {oops}", "{title"]:
        settings.title_pattern = pattern
        with pytest.raises(ValidationError):
            settings.full_clean()


def test_description_is_the_pages_own_else_intro_else_first_paragraph(demo):
    about = StandardPage.objects.get(slug="about")
    assert (
        page_description(about) == "A small, independent psychology practice in downtown Seattle."
    )
    about.search_description = "Our own words for search engines."
    assert page_description(about) == "Our own words for search engines."
    about.search_description = ""
    about.intro = ""
    assert page_description(about).startswith("Mindful Psychological was founded on a simple")
    assert len(page_description(about)) <= 160


def test_description_of_a_post_without_intro_uses_its_first_paragraph(demo):
    post = BlogPostPage.objects.get(slug="how-does-psychotherapy-work")
    post.search_description = post.intro = ""
    assert page_description(post).startswith("Psychotherapy, therapy, or counseling is the process")


def test_every_sitemap_entry_has_a_lastmod(client, demo):
    entries = [
        entry
        for chunk in sitemap_chunks(client)  # the sitemap index, then each chunk
        for entry in ET.fromstring(chunk).findall("sm:url", SITEMAP_NS)  # noqa: S314 (ours)
    ]
    assert len(entries) > 20  # pages, blog categories, specialties and modalities
    missing = [
        entry.findtext("sm:loc", namespaces=SITEMAP_NS)
        for entry in entries
        if not entry.findtext("sm:lastmod", namespaces=SITEMAP_NS)
    ]
    assert missing == []


def test_search_is_linked_from_the_header_of_every_page(client, demo):
    for path in ["/", "/about/", "/blog/how-does-psychotherapy-work/", "/contact/"]:
        header = get(client, path).split('<header class="site-header">', 1)[1].split("</header>")[0]
        assert 'href="/search/"' in header, path


def test_search_excerpts_keep_spaces_between_blocks(client, demo):
    html = get(client, "/search/?q=pay")
    fees = html.split("Fees and insurance</a></h2>", 1)[1].split("</li>", 1)[0]
    text = plain_text(fees)
    assert "How to pay You pay" in text  # the heading, then the paragraph under it
    assert "payYou" not in text


def test_plain_text_separates_blocks_and_decodes_entities():
    html = "<h2>Fees</h2><ul><li>Individual therapy: $200</li><li>Group &amp; more</li></ul>"
    assert plain_text(html) == "Fees Individual therapy: $200 Group & more"
