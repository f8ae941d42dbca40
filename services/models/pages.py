"""The services section (/services/) and the clinician profiles (/clinicians/)."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from mindful.blocks import BodyStreamBlock
from mindful.memo import memoised
from mindful.models import FeeSettings, PracticeSettings
from mindful.page_routing import OneTypeOfChildMixin
from services.blocks import FAQStreamBlock
from services.models.terms import Modality, Specialty

# Where the inquiry form lives when no live ContactPage can be found.
FALLBACK_CONTACT_URL = "/contact/"


def contact_page_url():
    """The inquiry form's address (a live ContactPage's), or the fallback."""
    # Named by app label and model, not imported: the contact app builds on this one
    # (its form lists the services), so an import here would run in a circle.
    contact = (
        Page.objects.live()
        .public()
        .filter(content_type__app_label="contact", content_type__model="contactpage")
        .first()
    )
    return (contact.get_url() if contact else None) or FALLBACK_CONTACT_URL


def contact_url(request=None, **preselect):
    """The inquiry form's address, with `?service=` or `?clinician=` to preselect a choice.

    Kept per process until a page changes (mindful.memo): a service page links to the
    form once per clinician, and that must not cost a query each.
    """
    return f"{memoised('contact-page-url', contact_page_url)}?{urlencode(preselect)}"


def live_clinicians():
    return ClinicianPage.objects.live().public().order_by("path")


def chosen_ids(relation):
    """Primary keys chosen in a page's many-to-many field.

    In a preview the choices are the editor's unsaved ones, held in memory by modelcluster
    (a FakeQuerySet without `live()`), so read the ids rather than query the relation.
    """
    return [item.pk for item in relation.all()]


class ServicesIndexPage(OneTypeOfChildMixin, RoutablePageMixin, Page):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["mindful.HomePage"]
    subpage_types = ["services.ServicePage"]
    max_count = 1

    def get_services(self):
        """Live services in tree order, with their specialties and live clinicians."""
        return (
            ServicePage.objects.live()
            .public()
            .child_of(self)
            .order_by("path")
            .prefetch_related(
                "specialties",
                Prefetch("clinicians", queryset=live_clinicians()),
            )
        )

    def term_url(self, term, request=None):
        """The address of the page listing what matches `term` (a Specialty or Modality)."""
        route = self.reverse_subpage(term.route_name, kwargs={"slug": term.slug})
        return self.get_url(request) + route

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services_index"] = self
        context["services"] = self.get_services()
        context["specialties"] = Specialty.objects.all()
        context["modalities"] = Modality.objects.all()
        return context

    @path("specialty/<slug:slug>/", name="specialty")
    def specialty(self, request, slug):
        return self.serve_term(request, Specialty, slug)

    @path("modality/<slug:slug>/", name="modality")
    def modality(self, request, slug):
        return self.serve_term(request, Modality, slug)

    def serve_term(self, request, term_model, slug):
        """List exactly the live services and clinicians tagged with one term."""
        term = term_model.objects.filter(slug=slug).first()
        if term is None:
            raise Http404
        services = self.get_services().filter(**{term.field_name: term})
        clinicians = (
            live_clinicians()
            .filter(**{term.field_name: term})
            .select_related("photo")
            .prefetch_related("photo__renditions")
        )
        return self.render(
            request,
            template="services/term_page.html",
            context_overrides={
                "term": term,
                "term_kind": term_model._meta.verbose_name,
                "term_services": services,
                "term_clinicians": clinicians,
                "canonical_url": self.get_full_url(request)
                + self.reverse_subpage(term.route_name, kwargs={"slug": term.slug}),
            },
        )

    def get_sitemap_urls(self, request=None):
        """The index, then each specialty and modality page.

        A term page's lastmod is the latest publication among the live services and
        clinicians it lists (the index's own when it lists none).
        """
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        for term_model in (Specialty, Modality):
            lastmods = {}
            for pages in (ServicePage.objects.child_of(self), live_clinicians()):
                rows = pages.live().public().values_list(term_model.field_name, "last_published_at")
                for term_id, published in rows:
                    if term_id and published:
                        lastmods[term_id] = max(lastmods.get(term_id, published), published)
            for pk, slug in term_model.objects.values_list("pk", "slug"):
                route = self.reverse_subpage(term_model.route_name, kwargs={"slug": slug})
                lastmod = lastmods.get(pk, self.last_published_at)
                urls.append({"location": base + route, "lastmod": lastmod})
        return urls


class ServiceFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person in our Seattle office")
    TELEHEALTH = "telehealth", _("Telehealth (secure video)")
    BOTH = "both", _("In person or by telehealth")


class ServicePage(Page):
    summary = models.TextField(
        max_length=400,
        help_text=_("Shown on the services list and in search results; one or two sentences."),
    )
    who_it_is_for = RichTextField(
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text=_("Who this service suits, and who might be better served elsewhere."),
    )
    what_to_expect = StreamField(
        BodyStreamBlock(),
        blank=True,
        help_text=_("How it works, from the first call to the last session."),
    )
    format = models.CharField(
        max_length=20,
        choices=ServiceFormat.choices,
        default=ServiceFormat.BOTH,
        help_text=_("Where sessions happen."),
    )
    session_length = models.CharField(
        max_length=80,
        blank=True,
        help_text=_("e.g. “53 minutes, weekly” or “Two 3-hour appointments”."),
    )
    fee_note = RichTextField(
        _("fees and insurance"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_(
            "Anything particular to this service's fees. The fees themselves are set in "
            "Settings → Fees and insurance and shown here as a table."
        ),
    )
    faq = StreamField(
        FAQStreamBlock(),
        blank=True,
        verbose_name=_("frequently asked questions"),
        help_text=_("Shown as a list of questions that open to show their answer."),
    )
    specialties = ParentalManyToManyField(
        "services.Specialty",
        blank=True,
        related_name="services",
        help_text=_("The difficulties this service addresses."),
    )
    modalities = ParentalManyToManyField(
        "services.Modality",
        blank=True,
        related_name="services",
        help_text=_("The ways of working used in this service."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("who_it_is_for"),
        FieldPanel("what_to_expect"),
        MultiFieldPanel(
            [FieldPanel("format"), FieldPanel("session_length"), FieldPanel("fee_note")],
            heading=_("Practical details"),
        ),
        FieldPanel("specialties", widget=forms.CheckboxSelectMultiple),
        FieldPanel("modalities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("faq"),
        HelpPanel(
            content=_(
                "The clinicians who offer this service are chosen on each clinician's page, "
                "under “Services”."
            ),
            heading=_("Clinicians"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("who_it_is_for"),
        index.SearchField("what_to_expect"),
        index.SearchField("faq"),
    ]

    parent_page_types = ["services.ServicesIndexPage"]
    subpage_types = []

    def cache_dependents(self):
        """Pages that show this service besides its own section (mindful.invalidation):
        clinician profiles list theirs, and one may just have been taken off."""
        return ClinicianIndexPage.objects.all()

    def get_clinicians(self):
        if self.pk is None:  # a new page being previewed has no clinicians yet
            return ClinicianPage.objects.none()
        # Those taking new clients first: they are the ones a reader can start with.
        return (
            self.clinicians.live()
            .public()
            .order_by("-accepting_new_clients", "path")
            .select_related("photo")
        )

    def inquiry_url(self, request=None):
        """The inquiry form's address with this service preselected (`?service=<slug>`)."""
        return contact_url(request, service=self.slug)

    def faq_json_ld(self):
        """schema.org FAQPage data for the questions, or None when there are none."""
        questions = [
            {
                "@type": "Question",
                "name": block.value["question"],
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": expand_db_html(block.value["answer"].source),
                },
            }
            for block in self.faq
            if block.block_type == "question"
        ]
        if not questions:
            return None
        return {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": questions}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services_index"] = self.get_parent().specific
        context["clinicians"] = clinicians = list(
            self.get_clinicians().prefetch_related("photo__renditions")
        )
        context["accepting_clinicians"] = [c for c in clinicians if c.accepting_new_clients]
        context["specialties"] = self.specialties.order_by("name")
        context["modalities"] = self.modalities.order_by("name")
        context["inquiry_url"] = self.inquiry_url(request)
        context["fee_settings"] = fees = FeeSettings.load(request_or_site=request)
        context["fee_rows"] = fees.fee_rows(service=self) if self.pk else []
        return context


class ClinicianIndexPage(OneTypeOfChildMixin, Page):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["mindful.HomePage"]
    subpage_types = ["services.ClinicianPage"]
    max_count = 1
    child_select_related = ["photo"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["clinicians"] = (
            live_clinicians()
            .child_of(self)
            .select_related("photo")
            .prefetch_related("photo__renditions", "specialties")
        )
        context["services_index"] = ServicesIndexPage.objects.live().first()
        return context


class ClinicianPage(Page):
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A friendly head-and-shoulders photo, portrait orientation."),
    )
    photo_alt_text = models.CharField(
        _("photo description"),
        max_length=250,
        blank=True,
        help_text=_(
            "Read aloud to blind visitors, e.g. “Tabitha smiling in front of a bookshelf”. "
            "Leave empty to use the image's own description."
        ),
    )
    credentials = models.CharField(
        _("credentials and license"),
        max_length=200,
        blank=True,
        help_text=_("e.g. PhD, Licensed Psychologist, and your Washington license number"),
    )
    short_name = models.CharField(
        max_length=60,
        blank=True,
        help_text=_(
            "How buttons name you, e.g. “Dr. Moss” in “Contact Dr. Moss”. "
            "Leave empty to use the full title."
        ),
    )
    profession = models.CharField(
        max_length=80,
        blank=True,
        help_text=_(
            "Your license in a few words, as readers see it under a post you reviewed, "
            "e.g. “licensed psychologist” or “licensed mental health counselor”."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician_profile",
        verbose_name=_("admin account"),
        help_text=_(
            "The clinician's own login to this admin. Links their posts and clinical reviews "
            "to this profile, so nobody can approve a post they wrote."
        ),
    )
    pronouns = models.CharField(max_length=40, blank=True, help_text=_("e.g. she/her"))
    bio = RichTextField(
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol"],
        blank=True,
        help_text=_("In the first person or the third; how you work and who you work with."),
    )
    specialties = ParentalManyToManyField(
        "services.Specialty", blank=True, related_name="clinicians"
    )
    modalities = ParentalManyToManyField("services.Modality", blank=True, related_name="clinicians")
    services = ParentalManyToManyField(
        "services.ServicePage",
        blank=True,
        related_name="clinicians",
        help_text=_("The services this clinician offers; shown on each service's page too."),
    )
    languages = models.CharField(
        max_length=200,
        blank=True,
        default="English",
        help_text=_("Languages you offer sessions in, separated by commas."),
    )
    accepting_new_clients = models.BooleanField(
        default=True, help_text=_("Untick when your caseload is full.")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("photo"), FieldPanel("photo_alt_text")],
            heading=_("Photo"),
        ),
        FieldPanel("credentials"),
        FieldPanel("short_name"),
        FieldPanel("profession"),
        FieldPanel("pronouns"),
        FieldPanel("accepting_new_clients"),
        FieldPanel("bio"),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("specialties", widget=forms.CheckboxSelectMultiple),
        FieldPanel("modalities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("languages"),
        FieldPanel("user", permission="superuser"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("credentials"),
        index.SearchField("bio"),
        index.SearchField("languages"),
    ]

    parent_page_types = ["services.ClinicianIndexPage"]
    subpage_types = []

    @property
    def photo_alt(self):
        if self.photo_alt_text:
            return self.photo_alt_text
        return self.photo.default_alt_text if self.photo else ""

    @property
    def contact_name(self):
        return self.short_name or self.title

    def inquiry_url(self, request=None):
        """The inquiry form's address with this clinician preselected (`?clinician=<slug>`)."""
        return contact_url(request, clinician=self.slug)

    @property
    def language_list(self):
        return [language.strip() for language in self.languages.split(",") if language.strip()]

    def person_json_ld(self, request=None, specialties=()):
        """schema.org Person data: name, credentials, languages, specialties, the practice."""
        practice = PracticeSettings.load(request_or_site=request)
        data = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": self.title,
            "url": self.get_full_url(request),
            "worksFor": {"@type": "MedicalBusiness", "name": practice.practice_name},
        }
        if self.credentials:
            data["jobTitle"] = self.credentials
        if self.language_list:
            data["knowsLanguage"] = self.language_list
        if specialties:
            data["knowsAbout"] = [specialty.name for specialty in specialties]
        return data

    def cache_dependents(self):
        """Pages that show this clinician besides their own section (mindful.invalidation):
        services and specialty pages list clinicians, including ones just removed."""
        return ServicesIndexPage.objects.all()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services_index"] = ServicesIndexPage.objects.live().first()
        context["services"] = (
            ServicePage.objects.live()
            .public()
            .filter(pk__in=chosen_ids(self.services))
            .order_by("path")
        )
        context["specialties"] = self.specialties.order_by("name")
        context["modalities"] = self.modalities.order_by("name")
        context["person_json_ld"] = self.person_json_ld(request, context["specialties"])
        context["inquiry_url"] = self.inquiry_url(request)
        return context
