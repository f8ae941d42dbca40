from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.blocks import PageChooserBlock
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from mindful import invalidation, wagtail_memo
from mindful.blocks import BodyStreamBlock, SocialLinkBlock, StepBlock, WeekdayHoursBlock
from mindful.memo import memoised
from mindful.page_routing import MemoisedChildrenMixin

DEFAULT_CRISIS_TEXT = (
    "If you are in crisis, call or text 988 (Suicide & Crisis Lifeline); in an emergency call 911."
)
DEFAULT_TITLE_PATTERN = "{title} · {practice}, {city}"
TITLE_PLACEHOLDERS = {"title", "practice", "city"}


def validate_title_pattern(value):
    """The pattern must name the page ({title}) and use no placeholder we cannot fill."""
    try:
        value.format(title="", practice="", city="")
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("Use only {title}, {practice} and {city} in curly brackets.")
        ) from error
    if "{title}" not in value:
        raise ValidationError(_("Put {title} somewhere in the pattern: it is the page's name."))


@register_setting(icon="site")
class PracticeSettings(BaseGenericSetting):
    """The practice's details, shown in the footer, on the contact page and in JSON-LD."""

    practice_name = models.CharField(max_length=120, default="Mindful Psychological")
    street_address = models.CharField(max_length=200, blank=True)
    locality = models.CharField(_("city"), max_length=100, default="Seattle")
    region = models.CharField(_("state"), max_length=50, default="WA")
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US", help_text=_("Two-letter code."))
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True, help_text=_("Shown publicly for general questions."))
    opening_hours = StreamField(
        [("hours", WeekdayHoursBlock())],
        blank=True,
        help_text=_("Office hours; add one row per group of days with the same hours."),
    )
    telehealth_note = models.CharField(
        max_length=250,
        blank=True,
        help_text=_("One sentence, e.g. “Telehealth available anywhere in Washington State.”"),
    )
    crisis_text = models.CharField(
        max_length=250,
        default=DEFAULT_CRISIS_TEXT,
        help_text=_("Shown at the top of every page. Keep 988 and 911 in it."),
    )
    inquiry_notification_email = models.EmailField(
        blank=True,
        help_text=_("Who is told when a new inquiry arrives. Not shown on the site."),
    )
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)
    header_cta_label = models.CharField(
        _("header button label"),
        max_length=40,
        default="Free 15-minute consultation",
        help_text=_("The button at the top of every page."),
    )
    header_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("header button page"),
        help_text=_("Where the button leads; usually the contact page with the inquiry form."),
    )
    title_pattern = models.CharField(
        _("page title pattern"),
        max_length=120,
        default=DEFAULT_TITLE_PATTERN,
        help_text=_(
            "How each page is named in browser tabs and search results. {title} is the "
            "page's title, {practice} the practice name, {city} the city above."
        ),
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default share image"),
        help_text=_(
            "Shown when a page without its own picture is shared in a message or on social "
            "media. A wide image, ideally 1200 × 630 pixels."
        ),
    )

    panels = [
        FieldPanel("practice_name"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldPanel("locality"),
                FieldPanel("region"),
                FieldPanel("postal_code"),
                FieldPanel("country"),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("opening_hours")],
            heading=_("Contact"),
        ),
        FieldPanel("telehealth_note"),
        FieldPanel("crisis_text"),
        FieldPanel("inquiry_notification_email"),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [FieldPanel("header_cta_label"), FieldPanel("header_cta_page")],
            heading=_("Header button"),
        ),
        MultiFieldPanel(
            [FieldPanel("title_pattern"), FieldPanel("share_image")],
            heading=_("Search engines and sharing"),
        ),
    ]

    class Meta:
        verbose_name = _("practice settings")

    def __str__(self):
        return self.practice_name

    @classmethod
    def load(cls, request_or_site=None):
        """Read on every page, so kept per process until a setting or page changes (memo)."""
        load = super().load
        return memoised("practice-settings", load)

    @property
    def postal_address(self):
        """One line, as it appears in an email footer."""
        city_line = " ".join(part for part in [self.region, self.postal_code] if part)
        parts = [self.street_address, self.locality, city_line]
        return ", ".join(part for part in parts if part)

    def clean(self):
        super().clean()
        # In clean() rather than as a field validator, so migrations need not import it.
        try:
            validate_title_pattern(self.title_pattern)
        except ValidationError as error:
            raise ValidationError({"title_pattern": error.messages}) from error

    def page_title(self, title):
        """A page's <title>: the editable pattern filled in, e.g. "Fees · Mindful, Seattle"."""
        try:
            return self.title_pattern.format(
                title=title, practice=self.practice_name, city=self.locality
            )
        except (KeyError, IndexError, ValueError):  # a pattern saved before validation
            return DEFAULT_TITLE_PATTERN.format(
                title=title, practice=self.practice_name, city=self.locality
            )

    def opening_hours_specification(self):
        """schema.org OpeningHoursSpecification entries for JSON-LD."""
        return [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": list(block.value["days"]),
                "opens": block.value["opens"].strftime("%H:%M"),
                "closes": block.value["closes"].strftime("%H:%M"),
            }
            for block in self.opening_hours
        ]


def chosen_pages(stream):
    """The live pages chosen in a StreamField of page choosers, in the editor's order.

    raw_data gives the chosen ids without fetching each page first: one query in all.
    """
    ids = [block["value"] for block in stream.raw_data if block["value"]]
    pages = Page.objects.live().public().filter(pk__in=ids).specific()
    by_id = {page.pk: page for page in pages}
    return [by_id[pk] for pk in ids if pk in by_id]


class HomePage(MemoisedChildrenMixin, Page):
    """The home page: every section's heading, text and choice of pages is the editor's."""

    hero_heading = models.CharField(max_length=120, help_text=_("The large line at the top."))
    hero_text = models.TextField(
        max_length=400, blank=True, help_text=_("One or two sentences under the heading.")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A calm photo in landscape format (3:2, at least 1500 × 1000 pixels); its "
            "description is read aloud to blind visitors, so say what it shows."
        ),
    )
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    steps_heading = models.CharField(max_length=120, default="How it starts")
    steps = StreamField(
        [("step", StepBlock())],
        blank=True,
        max_num=4,
        help_text=_("The first steps of working with you, in order; three reads best."),
    )
    clinicians_heading = models.CharField(max_length=120, default="Meet our clinicians")
    featured_clinicians = StreamField(
        [("clinician", PageChooserBlock(page_type="services.ClinicianPage"))],
        blank=True,
        help_text=_("Shown with their photo, credentials and whether they take new clients."),
    )
    services_heading = models.CharField(max_length=120, default="How we can help")
    featured_services = StreamField(
        [("service", PageChooserBlock(page_type="services.ServicePage"))],
        blank=True,
        help_text=_("The services shown on the home page, in this order."),
    )
    fees_heading = models.CharField(max_length=120, default="Fees and insurance")
    fees_text = RichTextField(
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text=_("A short summary: what a session costs, insurance, how to pay."),
    )
    fees_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("fees page"),
        help_text=_("The page with the full details, linked under the summary."),
    )
    posts_heading = models.CharField(max_length=120, default="From the blog")
    cta_heading = models.CharField(max_length=120, default="Ready to talk?")
    cta_text = models.TextField(max_length=400, blank=True)
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("call to action page"),
        help_text=_("Usually the contact page with the inquiry form."),
    )
    cta_label = models.CharField(max_length=40, default="Send an inquiry")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("cta_page"),
                FieldPanel("cta_label"),
            ],
            heading=_("Hero and call to action"),
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("steps_heading"), FieldPanel("steps")], heading=_("How it starts")
        ),
        MultiFieldPanel(
            [FieldPanel("clinicians_heading"), FieldPanel("featured_clinicians")],
            heading=_("Clinicians"),
        ),
        MultiFieldPanel(
            [FieldPanel("services_heading"), FieldPanel("featured_services")],
            heading=_("Services"),
        ),
        MultiFieldPanel(
            [FieldPanel("fees_heading"), FieldPanel("fees_text"), FieldPanel("fees_page")],
            heading=_("Fees and insurance"),
        ),
        FieldPanel("posts_heading"),
        MultiFieldPanel(
            [FieldPanel("cta_heading"), FieldPanel("cta_text")],
            heading=_("Closing call to action"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_featured_services(self):
        """Live services only, in the editor's order, fetched in one query."""
        return chosen_pages(self.featured_services)

    def get_featured_clinicians(self):
        """Live clinicians in the editor's order, with their photos' renditions."""
        clinicians = chosen_pages(self.featured_clinicians)
        prefetch_related_objects(clinicians, "photo__renditions")
        return clinicians


class StandardPage(Page):
    """About, fees and insurance, privacy policy: a title, an intro and a body."""

    intro = models.TextField(
        max_length=400,
        blank=True,
        help_text=_("Shown under the title and in search results; one or two sentences."),
    )
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["mindful.HomePage", "mindful.StandardPage"]
    subpage_types = ["mindful.StandardPage"]


# Cached pages and memoised lookups follow every change (mindful.invalidation), and
# Wagtail's per-request lookups read the memo (mindful.wagtail_memo). Done here, as the
# models load, because both need model classes and AppConfig.ready() may not import.
invalidation.connect()
wagtail_memo.install()
