"""Demo blog for `manage.py load_demo_content`: the practice's first post and a few more.

Runs after services/demo.py, so the demo clinicians exist to be named as authors.
"""

import datetime
from functools import partial
from pathlib import Path

import markdown
from django.utils import timezone
from django.utils.text import slugify
from wagtail.rich_text import RichText

from blog.models import (
    BlogCategory,
    BlogIndexPage,
    BlogPostAuthor,
    BlogPostPage,
    ClinicalReview,
    ContentNote,
)
from mindful import demo_images
from mindful.demo import add_page, drawn_image, paragraphs
from mindful.models import HomePage
from services.models import ClinicianPage

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"

CATEGORIES = {
    "Therapy Basics": "What therapy is, how it works and what to expect from it.",
    "Everyday Well-Being": "Small habits that support mental health between sessions.",
}

# Saved content notes a clinician can choose on a post (Snippets → Content notes).
CONTENT_NOTES = [
    "Discusses suicide and self-harm",
    "Discusses depression",
    "Discusses trauma and abuse",
    "Discusses eating disorders",
]

# Two, so the home page's three latest posts still include the practice's first post.
MORE_POSTS = [
    {
        "slug": "what-is-group-therapy-like",
        "title": "What Is Group Therapy Like?",
        "date": datetime.date(2025, 10, 23),
        "author": "jordan-alvarez",
        "category": "Therapy Basics",
        "tags": ["group therapy", "psychoeducation"],
        "intro": (
            "A small group, a clinician who guides it, and people working on similar "
            "struggles: why group therapy helps, and what a typical session looks like."
        ),
        "html": (
            "<p>Group therapy brings together six to eight people and a licensed clinician "
            "for ninety minutes a week. It can feel daunting at first, yet many members say "
            "it became the most useful hour of their week.</p>"
            "<h2>Why groups help</h2>"
            "<ul><li>Hearing others describe what you feel eases shame and isolation.</li>"
            "<li>You practice new ways of relating in a safe, structured setting.</li>"
            "<li>Groups cost less than individual sessions.</li></ul>"
            "<h2>A typical session</h2>"
            "<p>We begin with a short check-in, explore a theme such as self-criticism or "
            "boundaries, and end with a skill to try during the week. What is said in the "
            "group stays in the group.</p>"
        ),
        "quote": "Hearing others describe what you feel eases shame and isolation.",
    },
    {
        "slug": "self-compassion-when-the-days-get-shorter",
        "title": "Self-Compassion When the Days Get Shorter",
        "date": datetime.date(2025, 11, 13),
        "author": "tabitha-moss",
        "category": "Everyday Well-Being",
        "tags": ["self-compassion", "mindfulness", "seasonal mood"],
        "content_note": "Discusses depression",
        "intro": (
            "Seattle winters are long and grey. A few gentle practices for lower-energy "
            "months, and how to tell when it is time to ask for help."
        ),
        "html": (
            "<p>When the light fades by half past four, many of us feel slower, flatter and "
            "harder on ourselves. Self-compassion means treating yourself as you would a "
            "good friend in the same situation.</p>"
            "<h2>Gentle practices for darker months</h2>"
            "<ul><li>Get outside in the first hours of daylight, even when it is cloudy.</li>"
            "<li>Keep a regular sleep and wake time.</li>"
            "<li>Notice your inner critic and answer it kindly.</li></ul>"
            "<h2>When to reach out</h2>"
            "<p>If low mood lasts more than two weeks, or affects your sleep, appetite or "
            "work, talk to a professional. Seasonal depression is common and treatable.</p>"
        ),
        "quote": "Treat yourself as you would a good friend in the same situation.",
    },
]


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


def categories():
    return {
        name: BlogCategory.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "description": description}
        )[0]
        for name, description in CATEGORIES.items()
    }


def authors(*slugs):
    clinicians = ClinicianPage.objects.filter(slug__in=slugs)
    by_slug = {clinician.slug: clinician for clinician in clinicians}
    return [BlogPostAuthor(clinician=by_slug[slug]) for slug in slugs if slug in by_slug]


def add_post(index, slug, *, tags, **fields):
    """Like `mindful.demo.add_page`, for a post with tags (set before the first save)."""
    existing = index.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    post = BlogPostPage(slug=slug, **fields)
    post.tags.add(*tags)
    index.add_child(instance=post)
    post.save_revision().publish()
    return post


def first_post(index, category):
    meta, html = read_post("how-does-psychotherapy-work.md")
    hero = drawn_image(
        "Therapy room with two armchairs",
        meta["hero_image_alt"],
        partial(demo_images.therapy_room, size=(1500, 1000), seed=7),
    )
    return add_post(
        index,
        "how-does-psychotherapy-work",
        title=meta["title"],
        date=datetime.date.fromisoformat(meta["published"]),
        updated=datetime.date.fromisoformat(meta["updated"]),
        intro=(
            "What actually helps in therapy? Five key ingredients for change, from the "
            "therapeutic alliance to memory reconsolidation."
        ),
        hero_image=hero,
        hero_image_alt=meta["hero_image_alt"],
        body=paragraphs(html),
        post_authors=authors("tabitha-moss"),
        categories=[category],
        tags=meta["tags"],
    )


def content_notes():
    return {text: ContentNote.objects.get_or_create(text=text)[0] for text in CONTENT_NOTES}


def reviewed_by(post, clinician_slug, when):
    """Record that a second clinician reviewed the post, as the Clinical review workflow would.

    The demo clinicians have no admin accounts, so the review names the profile directly.
    """
    clinician = ClinicianPage.objects.filter(slug=clinician_slug).first()
    if clinician is None or post.clinical_reviews.exists():
        return
    ClinicalReview.objects.create(
        post=post,
        reviewer_profile=clinician,
        reviewer_name=clinician.title,
        reviewer_profession=clinician.profession,
        revision=post.live_revision,
        reviewed_at=when,
    )


def short_post(index, post, category, notes):
    return add_post(
        index,
        post["slug"],
        title=post["title"],
        date=post["date"],
        intro=post["intro"],
        body=[
            ("paragraph", RichText(post["html"])),
            ("quote", {"quote": post["quote"], "attribution": ""}),
        ],
        post_authors=authors(post["author"]),
        categories=[category],
        tags=post["tags"],
        content_note=notes.get(post.get("content_note")),
    )


def load():
    home = HomePage.objects.get()
    index = add_page(
        home,
        BlogIndexPage,
        "blog",
        title="Blog",
        show_in_menus=True,
        intro="<p>Notes on therapy, mental health and everyday well-being from our clinicians.</p>",
    )
    by_name = categories()
    notes = content_notes()
    first = first_post(index, by_name["Therapy Basics"])
    reviewed_by(first, "jordan-alvarez", timezone.make_aware(datetime.datetime(2026, 3, 12, 10)))
    for post in MORE_POSTS:
        short_post(index, post, by_name[post["category"]], notes)
