"""Demo content: the page tree a new practice starts from.

`manage.py load_demo_content` calls `load()` in this module and then in each
app's own `demo` module, in INSTALLED_APPS order. Every step looks for what it
would create first, so running the command twice changes nothing.
"""

import io
from functools import partial

from django.conf import settings
from django.core.files.images import ImageFile
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from mindful import demo_images
from mindful.models import FeesPage, HomePage, PracticeSettings, StandardPage
from mindful.site_url import site_address


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


# Drawing takes a second or two per picture; the same title always makes the same picture,
# so a process that loads the demo again (the test suite does, often) draws each one once.
_drawn_jpegs = {}


def drawn_image(title, alt_text, draw):
    """A picture drawn with Pillow (see mindful/demo_images.py), stored as a Wagtail image.

    `draw` makes the picture; it runs only when no image has this title yet. The alt
    text says what the drawing shows, as an editor would describe a real photo.
    """
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    if title not in _drawn_jpegs:
        buffer = io.BytesIO()
        draw().save(buffer, format="JPEG", quality=85, optimize=True)
        _drawn_jpegs[title] = buffer.getvalue()
    slug = title.lower().replace(" ", "-")
    return Image.objects.create(
        title=title,
        description=alt_text,
        file=ImageFile(io.BytesIO(_drawn_jpegs[title]), name=f"{slug}.jpg"),
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
        seo_title="Therapy and psychological evaluations",
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
            "Mountain lake at morning",
            "Illustration of a snow-capped mountain above evergreen forest and a still lake "
            "in soft morning light",
            partial(demo_images.landscape, "morning", size=(1500, 1000), seed=3),
        ),
        intro=(
            "<p>Reaching out is often the hardest step. We offer a calm, collaborative space "
            "to understand what you are carrying and to change what no longer serves you. "
            "We work with depression, anxiety, trauma, stress, self-esteem, life transitions "
            "and relationships.</p>"
        ),
        steps=[
            (
                "step",
                {
                    "heading": "Send a short note",
                    "text": "Tell us a little about what brings you here, using the form or "
                    "by phone. A few sentences are enough.",
                },
            ),
            (
                "step",
                {
                    "heading": "A free 15-minute call",
                    "text": "Within two business days a clinician calls you to listen, answer "
                    "your questions and see whether we are a good fit.",
                },
            ),
            (
                "step",
                {
                    "heading": "Your first session",
                    "text": "We meet in our Seattle office or by secure video, and start at a "
                    "pace that feels right to you.",
                },
            ),
        ],
        fees_text=(
            "<ul><li>Individual therapy: $200 for a 53-minute session</li>"
            "<li>Group therapy: $75 for a 90-minute session</li>"
            "<li>Out of network with insurance: we give you a monthly superbill to claim "
            "reimbursement</li>"
            "<li>Pay by card or HSA/FSA card at each session</li></ul>"
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
    settings.share_image = drawn_image(
        "Mountain lake at dusk",
        "Illustration of a mountain, evergreen forest and a calm lake at dusk",
        partial(demo_images.landscape, "dusk", size=(1200, 630), seed=5),
    )
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
    fees = add_page(
        home,
        FeesPage,
        "fees-and-insurance",
        title="Fees and insurance",
        show_in_menus=True,
        intro="What sessions cost, which insurance plans we are in network with, and how to "
        "use out-of-network benefits.",
        body=paragraphs(
            "<h2>How to pay</h2><p>You pay at each session, by credit or debit card, or with "
            "an HSA or FSA card. We keep your card on file in our secure practice-management "
            "system and charge it after each session, so you never have to handle payment "
            "during your hour. Evaluations are paid in two parts: half at the first testing "
            "appointment and half at the feedback session.</p>",
            "<h2>Cancellations</h2><p>Please give us 24 hours’ notice if you need to cancel or "
            "move a session. Late cancellations are charged at the full session fee, except in "
            "an emergency or illness.</p>",
        ),
    )
    if home.fees_page_id is None:
        home.fees_page = fees
        republish(home)
    add_page(
        home,
        StandardPage,
        "privacy",
        title="Privacy policy",
        intro=(
            "What this website keeps when you send an inquiry, leave a comment or join the "
            "mailing list: why, for how long, who sees it, and how to get a copy or have it "
            "deleted."
        ),
        body=paragraphs(
            "<h2>What this site does not do</h2><p>This site uses no analytics, advertising "
            "or third-party scripts, fonts or embeds, and sets no tracking cookies. Our web "
            "server does not store your IP address; to limit spam we keep only a scrambled, "
            "one-way code made from it.</p>",
            "<h2>Inquiries</h2><p><strong>What we keep:</strong> what you type in the "
            "inquiry form (your name, email address, phone number if you give it, how and "
            "when to reach you, the service or clinician you ask about, your message and how "
            "you heard of us), the time you sent it and the time you ticked the consent box."
            "</p><p><strong>Who sees it:</strong> only our intake team, in the password- and "
            "second-factor-protected admin of this site. By default the email that tells us "
            "of a new inquiry holds no details, only a link.</p><p><strong>How long:</strong> "
            "until we close your inquiry, then one more year; after that it is deleted "
            "automatically. If you become a client, what you share in therapy is kept in our "
            "separate clinical records under Washington State law, not on this website.</p>"
            "<p>Please do not include detailed health information in the form: we discuss "
            "clinical details only once we are in contact.</p>",
            "<h2>Comments on posts</h2><p><strong>What we keep:</strong> the name and email "
            "address you give and your comment. <strong>Who sees it:</strong> your name, the "
            "date and your comment are public once a clinician approves them; your email "
            "address is never shown and is seen only by our clinicians, who moderate "
            "comments. <strong>How long:</strong> as long as the post is online, unless you "
            "ask us to remove it. Comments we reject or mark as spam are deleted.</p>",
            "<h2>The mailing list</h2><p><strong>What we keep:</strong> your email address, "
            "your first name if you give it, when you signed up and confirmed, the page you "
            "signed up on and the wording you agreed to, and which posts we emailed you. "
            "<strong>Who sees it:</strong> our clinicians, who send the emails. We never "
            "sell or share the list. <strong>How long:</strong> while you are subscribed. "
            "Every email has a one-click unsubscribe link; an unconfirmed signup is not "
            "used, and its confirmation link expires after seven days.</p>",
            "<h2>Your copy, corrections and deletion</h2><p>You can ask us at any time for a "
            "copy of what this website holds about you, to correct it or to delete it: "
            "email or call us using the details at the foot of this page, from the address "
            "you used. We answer within 30 days, and delete within that time unless the law "
            "requires us to keep something, in which case we tell you what and why.</p>",
        ),
    )


# How to ask for your data or its deletion: its own section, added after the policy is
# made, so the policy's other sections can be rewritten without touching it.
PRIVACY_REQUESTS_HEADING = "How to ask for your data, or for it to be deleted"
PRIVACY_REQUESTS = (
    f"<h2>{PRIVACY_REQUESTS_HEADING}</h2><p>Washington's My Health My Data Act gives you the "
    "right to see the health data we hold about you and to have it deleted. Email or call "
    "us with the email address you used on this site (any spelling of it). We confirm the "
    "request comes from you, then send you one file with everything this website holds "
    "under that address: your inquiries, your comments, your mailing-list signup and which "
    "posts we emailed you. If you ask us to delete it, we delete all of it at once. We keep "
    "only the date of your request and a scrambled code of your address, which cannot be "
    "turned back into it, so that we can show we answered. We answer within 30 days.</p>"
)


def add_privacy_requests_section(home):
    privacy = home.get_children().filter(slug="privacy").first().specific
    if not any(PRIVACY_REQUESTS_HEADING in str(block.value) for block in privacy.body):
        privacy.body.append(("paragraph", RichText(PRIVACY_REQUESTS)))
        republish(privacy)


def load():
    home = home_page()
    practice_settings()
    standard_pages(home)
    add_privacy_requests_section(home)
