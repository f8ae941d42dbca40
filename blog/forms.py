from django import forms
from django.utils.translation import gettext_lazy as _

from mindful.one_line import one_line
from mindful.spam import SpamProtectedForm

from .models.comments import COMMENT_MAX_LENGTH, Comment
from .sensitive import HEALTH_DETAILS, SELF_HARM, mentions_self_harm, shares_health_details

# Form fields come from the model, so a form can never accept more than the column holds.
comment_field = Comment._meta.get_field


class CommentForm(SpamProtectedForm):
    name = comment_field("name").formfield(
        label=_("Name"),
        help_text=_(
            "Shown with your comment. A first name or a pseudonym is fine: you do not need to "
            "use your full name."
        ),
    )
    email = comment_field("email").formfield(
        label=_("Email"),
        help_text=_("Never shown; we use it only if we need to reach you about your comment."),
    )
    body = comment_field("body").formfield(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Plain text, up to %(count)s characters. Comments appear once a clinician has read "
            "them. Please do not share private health details here."
        )
        % {"count": f"{COMMENT_MAX_LENGTH:,}"},
    )

    # For the script that warns before sending (static/js/site.js): the same words as the server.
    health_pattern = f"{HEALTH_DETAILS}|{SELF_HARM}"
    self_harm_pattern = SELF_HARM

    def needs_health_warning(self):
        """True when the comment looks like it shares personal health details and the reader
        has not yet chosen to post it anyway (the warning's "Post anyway" button sends that)."""
        if self.data.get("post_anyway") == "1":
            return False
        return shares_health_details(self.cleaned_data.get("body", ""))

    def mentions_self_harm(self):
        return mentions_self_harm(self.cleaned_data.get("body", ""))

    def clean_name(self):
        # One line, single spaces: a name never needs line breaks.
        return one_line(self.cleaned_data["name"])


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"), max_length=200, required=False, widget=forms.SearchInput
    )
