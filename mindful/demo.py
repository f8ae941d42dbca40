"""Demo content: the page tree a new practice starts from.

`manage.py load_demo_content` calls `load()` in this module and then in each
app's own `demo` module, in INSTALLED_APPS order. Every step looks for what it
would create first, so running the command twice changes nothing.
"""

import io
import random

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from mindful.models import FeesPage, HomePage, PracticeSettings, StandardPage
from mindful.site_url import site_address

PALETTES = {
    "sage": [(221, 231, 223), (120, 160, 140), (47, 93, 80)],
    "sand": [(241, 237, 228), (214, 190, 150), (150, 110, 70)],
    "dusk": [(226, 228, 240), (140, 150, 190), (70, 80, 120)],
}


def add_page(parent, page_class, slug, **fields):
    """Return the child of `parent` with this slug, creating and publishing it if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def republish(page):
    """Publish the page's current field values as a new revision."""
    page.save_revision().publish()


def paragraphs(*html_parts):
    """StreamField data for a body made of rich-text paragraph blocks."""
    return [("paragraph", RichText(html)) for html in html_parts]


def drawn_image(title, alt_text, palette="sage", size=(1600, 1000), seed=1):
    """An abstract, calm picture drawn with Pillow, so demo content needs no downloads."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    light, middle, dark = PALETTES[palette]
    width, height = size
    picture = PILImage.new("RGB", size, light)
    draw = ImageDraw.Draw(picture)
    rng = random.Random(seed)
    for _ in range(9):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        colour = middle if rng.random() < 0.7 else dark
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    picture = picture.filter(ImageFilter.GaussianBlur(radius=height // 12))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    slug = title.lower().replace(" ", "-")
    return Image.objects.create(
        title=title,
        description=alt_text,
        file=ImageFile(buffer, name=f"{slug}.jpg"),
    )


def tree_roots():
    """Wagtail's root page, root collection and default locale.

    Migrations create them; a database emptied by `flush` (as transactional tests
    do) has none, so make them again rather than fail.
    """
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def home_page():
    """The site's HomePage, replacing Wagtail's "Welcome" page on a fresh database."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = tree_roots()
    # Wagtail's initial migration makes a plain "Welcome to Wagtail" page and a site for it.
    for page in root.get_children().filter(content_type__model="page"):
        page.delete()
    home = HomePage(
        title="Home",
        slug="home",
        seo_title="Mindful Psychological — therapy and evaluations in Seattle, WA",
        search_description=(
            "Individual therapy, group therapy and psychological evaluations in Seattle, "
            "Washington, in person and by telehealth."
        ),
        hero_heading="Therapy that meets you where you are",
        hero_text=(
            "Mindful Psychological is a small practice in Seattle offering individual therapy, "
            "group therapy and psychological evaluations, in person and by telehealth."
        ),
        hero_image=drawn_image(
            "Home hero",
            "Soft green and sand shapes, like light through leaves",
            palette="sage",
        ),
        intro=(
            "<p>Reaching out is often the hardest step. We offer a calm, collaborative space "
            "to understand what you are carrying and to change what no longer serves you. "
            "We work with depression, anxiety, trauma, stress, self-esteem, life transitions "
            "and relationships.</p>"
        ),
        cta_heading="Ready to talk?",
        cta_text=(
            "Send us a short note and we will reply within two business days to arrange a "
            "free 15-minute consultation."
        ),
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    hostname, port = site_address()  # from SITE_URL
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": hostname,
            "port": port,
            "root_page": home,
            "site_name": "Mindful Psychological",
        },
    )
    return home


def practice_settings():
    settings = PracticeSettings.load()
    if settings.street_address:
        return settings
    settings.street_address = "1200 Fifth Avenue, Suite 400"
    settings.postal_code = "98101"
    settings.phone = "(206) 555-0142"
    settings.email = "hello@mindfulpsychological.example"
    settings.inquiry_notification_email = "intake@mindfulpsychological.example"
    settings.telehealth_note = "Telehealth is available anywhere in Washington State."
    settings.opening_hours = [
        (
            "hours",
            {
                "days": ["Monday", "Tuesday", "Wednesday", "Thursday"],
                "opens": "09:00",
                "closes": "18:00",
            },
        ),
        ("hours", {"days": ["Friday"], "opens": "09:00", "closes": "14:00"}),
    ]
    settings.save()
    return settings


def standard_pages(home):
    add_page(
        home,
        StandardPage,
        "about",
        title="About the practice",
        show_in_menus=True,
        intro="A small, independent psychology practice in downtown Seattle.",
        body=paragraphs(
            "<p>Mindful Psychological was founded on a simple belief: people heal in "
            "relationship. Our clinicians combine warmth with evidence-based methods, "
            "including coherence therapy and memory reconsolidation, cognitive behavioral "
            "therapy, acceptance and commitment therapy and mindfulness-based approaches.</p>",
            "<h2>How we work</h2><p>We start with a free 15-minute phone consultation to see "
            "whether we are a good fit. If we are, the first sessions focus on understanding "
            "your history, your goals and what has and hasn’t helped before.</p>",
            "<h2>Who we see</h2><p>Adults (18+) in Washington State, in person in Seattle or "
            "by secure telehealth.</p>",
        ),
    )
    # The fee tables, insurance plans and Good Faith Estimate notice come from Settings → Fees
    # and insurance (filled in by services/demo.py, which knows the service pages).
    add_page(
        home,
        FeesPage,
        "fees-and-insurance",
        title="Fees and insurance",
        show_in_menus=True,
        intro="What sessions cost, which insurance plans we are in network with, and how to "
        "use out-of-network benefits.",
        body=paragraphs(
            "<h2>Cancellations</h2><p>Please give us 24 hours’ notice if you need to cancel or "
            "move a session. Late cancellations are charged at the full session fee, except in "
            "an emergency or illness.</p>",
        ),
    )
    add_page(
        home,
        StandardPage,
        "privacy",
        title="Privacy policy",
        intro="What this website collects, why, and how long we keep it.",
        body=paragraphs(
            "<h2>What we collect</h2><p>This site uses no analytics, advertising or "
            "third-party scripts, and sets no tracking cookies. When you send an inquiry we "
            "store what you type in the form so that we can reply. When you join the mailing "
            "list we store your email address, your first name if you give it, and when you "
            "consented.</p>",
            "<h2>Health information</h2><p>Please do not include detailed health information "
            "in the inquiry form. We discuss clinical details only in a secure setting once we "
            "are in contact.</p>",
            "<h2>How long we keep it</h2><p>Closed inquiries are deleted after one year. You "
            "can unsubscribe from the mailing list at any time with one click.</p>",
        ),
    )


def load():
    home = home_page()
    practice_settings()
    standard_pages(home)
