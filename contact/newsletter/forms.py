"""The mailing-list signup form and the admin form that starts sending a post."""

from django import forms
from django.utils.translation import gettext_lazy as _

from blog.models import BlogPostPage
from contact.newsletter.models import PostSend, Subscriber
from mindful.one_line import one_line
from mindful.spam import SpamProtectedForm

# Change the version whenever the wording changes: each subscriber keeps the version they saw.
CONSENT_VERSION = "2026-11"
CONSENT_TEXT = _(
    "Yes, email me new posts and occasional practice news. I can unsubscribe at any time "
    "with one click."
)


class PagePathField(forms.CharField):
    """The page a signup came from: a path on this site, or "" for anything else.

    It is only a note in the consent record, so a tampered value is dropped
    rather than shown to the reader as an error they cannot see or fix.
    """

    widget = forms.HiddenInput

    def clean(self, value):
        try:
            path = super().clean(value)
        except forms.ValidationError:
            return ""
        if not path.startswith("/") or path.startswith("//") or not path.isprintable():
            return ""
        return path


class SignupForm(SpamProtectedForm):
    # Taken from the model, so the form never accepts more than the column holds.
    email = Subscriber._meta.get_field("email").formfield(label=_("Email address"))
    first_name = Subscriber._meta.get_field("first_name").formfield(label=_("First name"))
    consent = forms.BooleanField(label=CONSENT_TEXT)
    source = PagePathField(required=False, max_length=255)

    field_order = ["email", "first_name", "consent"]

    def __init__(self, *args, place="page", **kwargs):
        # Several signup forms may share one page (footer, end of a post): keep ids apart.
        kwargs.setdefault("auto_id", f"newsletter-{place}-%s")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["first_name"].widget.attrs.update(autocomplete="given-name")

    def clean_first_name(self):
        # The name is shown in the greeting of an email: one line only.
        return one_line(self.cleaned_data["first_name"])


def live_posts():
    return BlogPostPage.objects.live().public().order_by("-date", "-pk")


class PostSendForm(forms.ModelForm):
    """Pick a published post, write the subject and preview line; the rest is automatic."""

    class Meta:
        model = PostSend
        fields = ["post", "subject", "preview_text"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = live_posts()

    def clean(self):
        cleaned_data = super().clean()
        post = cleaned_data.get("post")
        busy = PostSend.objects.filter(
            post=post, status__in=[PostSend.Status.QUEUED, PostSend.Status.SENDING]
        )
        if post is not None and busy.exists():
            raise forms.ValidationError(
                _("This post is already being sent. Wait until it has finished.")
            )
        return cleaned_data
