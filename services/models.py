from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class ServicesIndexPage(Page):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["mindful.HomePage"]
    subpage_types = ["services.ServicePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = ServicePage.objects.live().public().child_of(self)
        return context


class ServicePage(Page):
    summary = models.TextField(
        max_length=400,
        help_text=_("Shown on the services list and in search results; one or two sentences."),
    )

    content_panels = Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [index.SearchField("summary")]

    parent_page_types = ["services.ServicesIndexPage"]
    subpage_types = []


class ClinicianIndexPage(Page):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["mindful.HomePage"]
    subpage_types = ["services.ClinicianPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["clinicians"] = ClinicianPage.objects.live().public().child_of(self)
        return context


class ClinicianPage(Page):
    credentials = models.CharField(
        max_length=200, blank=True, help_text=_("e.g. PhD, Licensed Psychologist, WA PY00000000")
    )

    content_panels = Page.content_panels + [FieldPanel("credentials")]

    parent_page_types = ["services.ClinicianIndexPage"]
    subpage_types = []
