from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from mindful.blocks import BodyStreamBlock


class BlogIndexPage(Page):
    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["mindful.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count = 1

    def get_posts(self):
        return BlogPostPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["posts"] = self.get_posts()
        return context


class BlogPostPage(Page):
    date = models.DateField(_("publication date"), default=timezone.localdate)
    intro = models.TextField(
        max_length=400,
        help_text=_("Shown under the title, on the blog list and in search results."),
    )
    body = StreamField(BodyStreamBlock())

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
