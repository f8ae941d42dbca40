"""What search engines and link previews read about a page: its description, as plain text."""

import re
from html import unescape

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Site

DESCRIPTION_LENGTH = 160

# Tags that end a block of text: a space goes where they stand, so "<h2>Fees</h2><ul><li>Individual"
# reads "Fees Individual", not "FeesIndividual".
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|br|hr|blockquote|figure|figcaption|table|tr|td|th"
    r"|section|article|header|footer|embed)\b[^>]*>",
    re.IGNORECASE,
)
_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)


def plain_text(html):
    """Readable text from HTML: blocks separated by spaces, entities decoded, spaces collapsed."""
    text = strip_tags(_BLOCK_TAG.sub(" ", str(html)))
    return " ".join(unescape(text).split())


def first_paragraph(html):
    match = _FIRST_PARAGRAPH.search(str(html))
    return plain_text(match.group(1)) if match else ""


def _stream_first_paragraph(stream):
    for block in getattr(stream, "raw_data", []):
        value = block.get("value")
        if isinstance(value, str):
            text = first_paragraph(value) or plain_text(value)
            if text:
                return text
    return ""


def page_description(page, length=DESCRIPTION_LENGTH):
    """The page's own description, else its intro (or summary), else its first paragraph."""
    if page is None:
        return ""
    candidates = [getattr(page, "search_description", "")]
    candidates += [getattr(page, name, "") for name in ("intro", "summary", "hero_text")]
    for text in candidates:
        text = plain_text(text or "")
        if text:
            return Truncator(text).chars(length)
    for name in ("body", "what_to_expect"):
        text = _stream_first_paragraph(getattr(page, name, None))
        if text:
            return Truncator(text).chars(length)
    bio = getattr(page, "bio", "")
    if bio:
        return Truncator(first_paragraph(bio) or plain_text(bio)).chars(length)
    return ""


def absolute_url(request, url):
    """`url` made absolute with the site's own root URL, like canonical links and the sitemap.

    Storage that already gives absolute URLs (S3, a CDN) is left alone.
    """
    if "://" in url or request is None:
        return url
    site = Site.find_for_request(request)
    root = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    return root + url
