"""Search-result excerpts with the searched words wrapped in <mark>, escaped safely."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from mindful.seo import plain_text

EXCERPT_LENGTH = 240
MAX_TERMS = 10


def search_terms(query):
    """The words of a query worth highlighting (letters and digits only), longest first."""
    words = {word for word in re.findall(r"\w+", query) if len(word) > 1}
    return sorted(words, key=len, reverse=True)[:MAX_TERMS]


def _pattern(terms):
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def highlight(text, terms):
    """Escape `text`, then wrap each occurrence of a term in <mark>.

    Matching happens on the raw text and every piece is escaped on its own, so a term
    can never match inside an HTML entity and no markup from the text survives.
    """
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped above)


def excerpt(texts, terms, length=EXCERPT_LENGTH):
    """A window of about `length` characters from the first text that mentions a term."""
    # Spaces between blocks, so a heading and the list under it do not run together.
    texts = [plain_text(text) for text in texts if text]
    texts = [text for text in texts if text]
    if not texts:
        return ""
    pattern = _pattern(terms)
    chosen, start = texts[0], 0
    if pattern is not None:
        for text in texts:
            match = pattern.search(text)
            if match:
                chosen, start = text, max(0, match.start() - length // 3)
                break
    if start:
        # Begin at a word boundary.
        space = chosen.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    window = chosen[start : start + length]
    if start + length < len(chosen):
        window = window.rsplit(" ", 1)[0] + " …"
    if start:
        window = "… " + window
    return highlight(window, terms)


def page_texts(page):
    """Candidate excerpt sources of any page, most descriptive first."""
    texts = [page.search_description]
    for name in ("intro", "summary", "hero_text"):
        value = getattr(page, name, "")
        if value:
            texts.append(str(value))
    body = getattr(page, "body", None)
    if body is not None and hasattr(body, "raw_data"):
        for block in body.raw_data:
            if isinstance(block.get("value"), str):
                texts.append(block["value"])
    return texts
