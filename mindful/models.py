from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.blocks import PageChooserBlock
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
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


# The standard notice from CMS (No Surprises Act, "Right to Receive a Good Faith Estimate of
# Expected Charges") for clients who are uninsured or not using insurance.
GOOD_FAITH_ESTIMATE_NOTICE = """\
You have the right to receive a “Good Faith Estimate” explaining how much your medical care will cost.

Under the law, health care providers need to give patients who don’t have insurance or who are not using insurance an estimate of the bill for medical items and services.

You have the right to receive a Good Faith Estimate for the total expected cost of any non-emergency items or services. This includes related costs like medical tests, prescription drugs, equipment, and hospital fees.

Make sure your health care provider gives you a Good Faith Estimate in writing at least 1 business day before your medical service or item. You can also ask your health care provider, and any other provider you choose, for a Good Faith Estimate before you schedule an item or service.

If you receive a bill that is at least $400 more than your Good Faith Estimate, you can dispute the bill.

Make sure to save a copy or picture of your Good Faith Estimate.

For questions or more information about your right to a Good Faith Estimate, visit www.cms.gov/nosurprises or call 1-800-985-3059."""  # noqa: E501


@register_setting(icon="table")
class FeeSettings(ClusterableModel, BaseGenericSetting):
    """Fees, insurance and the Good Faith Estimate notice, as data (Settings → Fees and insurance).

    One include (includes/fee_table.html) renders the schedule and the notice together, on the
    fees page and every service page, so changing a fee can never drop the notice.
    """

    good_faith_estimate = models.TextField(
        _("Good Faith Estimate notice"),
        default=GOOD_FAITH_ESTIMATE_NOTICE,
        help_text=_(
            "Required by the No Surprises Act. Shown under every fee table and in the reply to "
            "every inquiry. Keep the standard CMS wording; leave a blank line between paragraphs."
        ),
    )
    superbill_note = models.TextField(
        _("out-of-network note"),
        blank=True,
        help_text=_(
            "For clients whose plan we are not in network with, e.g. how a superbill works."
        ),
    )
    sliding_scale_note = models.TextField(
        blank=True,
        help_text=_("How to ask for a reduced fee where a sliding scale is offered."),
    )
    payment_methods = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("e.g. “Credit card, debit card, HSA/FSA card”."),
    )

    panels = [
        HelpPanel(
            content=_(
                "Each fee row appears on the fees page and on its service's page, always "
                "followed by the Good Faith Estimate notice."
            )
        ),
        InlinePanel("fees", label=_("Fee schedule")),
        InlinePanel("insurance_plans", label=_("Insurance plans we are in network with")),
        FieldPanel("superbill_note"),
        FieldPanel("sliding_scale_note"),
        FieldPanel("payment_methods"),
        FieldPanel("good_faith_estimate"),
    ]

    class Meta:
        verbose_name = _("fees and insurance")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(good_faith_estimate=""),
                name="mindful_feesettings_good_faith_estimate_required",
            )
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    @property
    def good_faith_estimate_paragraphs(self):
        return [part.strip() for part in self.good_faith_estimate.split("\n\n") if part.strip()]

    def fee_rows(self, service=None):
        """The schedule in the editor's order; only one service's rows when `service` is given."""
        rows = self.fees.select_related("service")
        if service is not None:
            rows = rows.filter(service=service)
        return list(rows)

    def price_range(self, rows):
        """schema.org priceRange text, e.g. “$90–$225”."""
        fees = sorted({row.fee for row in rows})
        if not fees:
            return ""
        low, high = fees[0], fees[-1]
        return f"${low:,.0f}" if low == high else f"${low:,.0f}–${high:,.0f}"


class Fee(Orderable):
    """One row of the fee schedule: what a session of a service costs."""

    setting = ParentalKey(FeeSettings, on_delete=models.CASCADE, related_name="fees")
    name = models.CharField(
        max_length=120, help_text=_("What the client pays for, e.g. “Individual therapy”.")
    )
    service = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The service page this fee appears on, if any."),
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"), null=True, blank=True
    )
    fee = models.DecimalField(max_digits=8, decimal_places=2, help_text=_("In US dollars."))
    sliding_scale = models.BooleanField(
        _("sliding scale offered"), default=False, help_text=_("Reduced fees can be arranged.")
    )
    note = models.CharField(max_length=200, blank=True, help_text=_("e.g. “Billed per hour”."))

    panels = [
        FieldPanel("name"),
        PageChooserPanel("service", "services.ServicePage"),
        FieldPanel("session_minutes"),
        FieldPanel("fee"),
        FieldPanel("sliding_scale"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("fee")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fee__gte=Decimal("0")), name="mindful_fee_not_negative"
            )
        ]

    def __str__(self):
        return self.name

    def offer_json_ld(self, request=None):
        """schema.org Offer: this service at this price per session."""
        specification = {"@type": "UnitPriceSpecification", "price": f"{self.fee:.2f}"}
        specification["priceCurrency"] = "USD"
        if self.session_minutes:
            specification["referenceQuantity"] = {
                "@type": "QuantitativeValue",
                "value": self.session_minutes,
                "unitCode": "MIN",
            }
        item = {"@type": "Service", "name": self.name}
        if self.service_id and self.service.live:
            item["url"] = self.service.get_full_url(request)
        offer = {
            "@type": "Offer",
            "itemOffered": item,
            "price": f"{self.fee:.2f}",
            "priceCurrency": "USD",
            "priceSpecification": specification,
        }
        if self.sliding_scale:
            offer["description"] = "Sliding scale available"
        return offer


class InsurancePlan(Orderable):
    setting = ParentalKey(FeeSettings, on_delete=models.CASCADE, related_name="insurance_plans")
    name = models.CharField(max_length=120, help_text=_("e.g. “Premera Blue Cross”."))
    note = models.CharField(
        max_length=200, blank=True, help_text=_("e.g. “Most PPO plans; not Medicare Advantage”.")
    )

    panels = [FieldPanel("name"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("insurance plan")

    def __str__(self):
        return self.name


class FeesPage(Page):
    """/fees-and-insurance/: the fee schedule, insurance plans and the Good Faith Estimate notice
    (all from Settings → Fees and insurance), with the editor's own words around them."""

    intro = models.TextField(
        max_length=400,
        blank=True,
        help_text=_("Shown under the title and in search results; one or two sentences."),
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        help_text=_("Shown after the fee tables, e.g. cancellation policy."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        HelpPanel(
            content=_(
                "The fee schedule, insurance plans and the Good Faith Estimate notice come from "
                "Settings → Fees and insurance."
            )
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["mindful.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("fees page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        fees = FeeSettings.load(request_or_site=request)
        context["fee_settings"] = fees
        context["fee_rows"] = fees.fee_rows()
        context["insurance_plans"] = list(fees.insurance_plans.all())
        return context


# Cached pages and memoised lookups follow every change (mindful.invalidation), and
# Wagtail's per-request lookups read the memo (mindful.wagtail_memo). Done here, as the
# models load, because both need model classes and AppConfig.ready() may not import.
invalidation.connect()
wagtail_memo.install()
