from django.db import models
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from contact.forms import InquiryForm
from contact.inquiries import inquiry_create
from mindful.once import OneSubmission
from mindful.spam import client_address_hash, is_rate_limited

# Real inquiries per sender address and hour; a person never needs more.
INQUIRY_RATE_LIMIT = 5
INQUIRY_RATE_PERIOD_SECONDS = 60 * 60

TEXT_FEATURES = ["bold", "italic", "link", "ul"]


class ContactPage(RoutablePageMixin, Page):
    """The inquiry form at /contact/ and its thank-you page at /contact/thanks/."""

    intro = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Shown above the form: who the form is for and how soon you reply."),
    )
    next_steps = RichTextField(
        _("what happens next"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Shown beside the form, e.g. “We call you for a free 15-minute consultation.”"),
    )
    privacy_note = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Shown just above the send button: what you keep, for how long, who sees it."),
    )
    thank_you_heading = models.CharField(max_length=120, default="Thank you for reaching out")
    thank_you_text = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Shown after an inquiry is sent, and repeated in the confirmation email."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("next_steps"),
        FieldPanel("privacy_note"),
        MultiFieldPanel(
            [FieldPanel("thank_you_heading"), FieldPanel("thank_you_text")],
            heading=_("After sending"),
        ),
    ]

    parent_page_types = ["mindful.HomePage"]
    subpage_types = []
    max_count = 1

    @path("")
    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def inquiry_form(self, request):
        """GET shows the form; POST stores the inquiry, then redirects to the thank-you page."""
        if request.method != "POST":
            form = InquiryForm(
                service_slug=request.GET.get("service", ""),
                clinician_slug=request.GET.get("clinician", ""),
            )
            return self.render(request, context_overrides={"form": form})

        form = InquiryForm(request.POST)
        if not form.is_valid():
            return self.render_form(request, 400, form=form)
        address_hash = client_address_hash(request)
        thanks_url = self.get_url(request) + self.reverse_subpage("thanks")
        submission = OneSubmission("inquiry", address_hash, form)
        if not submission.claim():
            return redirect(thanks_url)  # sent again: the first one is stored and answered
        if is_rate_limited(
            "inquiry", address_hash, INQUIRY_RATE_LIMIT, INQUIRY_RATE_PERIOD_SECONDS
        ):
            submission.release()
            form.add_error(
                None,
                _(
                    "We have received several inquiries from your connection in the last hour, "
                    "so this one was not sent. Please try again later or call us instead."
                ),
            )
            return self.render_form(request, 429, form=form)
        with submission:
            inquiry_create(
                **form.inquiry_fields(),
                source_page=self,
                address_hash=address_hash,
                is_spam=form.is_spam,
            )
        return redirect(thanks_url)

    @path("thanks/")
    @method_decorator(require_safe)  # GET and HEAD
    def thanks(self, request):
        return self.render(request, template="contact/contact_page_thanks.html")

    def render_form(self, request, status, **context):
        """The page again, with the form's errors, answering with this status."""
        response = self.render(request, context_overrides=context)
        response.status_code = status
        return response
