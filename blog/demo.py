"""Demo blog for `manage.py load_demo_content`: the practice's first post and a few more."""

import datetime
from pathlib import Path

import markdown

from blog.models import BlogIndexPage, BlogPostPage
from mindful.demo import add_page, paragraphs
from mindful.models import HomePage

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"


def read_post(filename):
    """Split a Markdown file with simple `key: value` front matter into (meta, html)."""
    text = (CONTENT_DIR / filename).read_text(encoding="utf-8")
    _, front_matter, body = text.split("---\n", 2)
    meta = {}
    for line in front_matter.strip().splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            value = [item.strip() for item in value[1:-1].split(",") if item.strip()]
        meta[key.strip()] = value
    return meta, markdown.markdown(body)


def first_post(index):
    meta, html = read_post("how-does-psychotherapy-work.md")
    return add_page(
        index,
        BlogPostPage,
        "how-does-psychotherapy-work",
        title=meta["title"],
        date=datetime.date.fromisoformat(meta["published"]),
        intro=(
            "What actually helps in therapy? Five key ingredients for change, from the "
            "therapeutic alliance to memory reconsolidation."
        ),
        body=paragraphs(html),
    )


def load():
    home = HomePage.objects.get()
    index = add_page(
        home,
        BlogIndexPage,
        "blog",
        title="Blog",
        show_in_menus=True,
        intro="<p>Notes on therapy, mental health and everyday wellbeing from our clinicians.</p>",
    )
    first_post(index)
