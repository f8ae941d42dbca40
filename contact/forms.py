from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from contact.models.inquiries import Inquiry
from contact.models.privacy import PrivacyRequest
from mindful.one_line import validate_one_line
from mindful.spam import SpamProtectedForm
from services.models import ClinicianPage, ServicePage

phone_number = RegexValidator(
    r"^[0-9+().\- ]{7,30}$",
    message=_("Please enter a phone number using digits, spaces and + ( ) - only."),
)

CONSENT_LABEL = _(
    "I understand this form is not for emergencies: if I am in crisis I will call or text "
    "988, or call 911. I will not include detailed health information."
)


def live_services():
    """(slug, title, page) for every live, public service page, in tree order."""
    return [
        (page.slug, page.title, page)
        for page in ServicePage.objects.live().public().order_by("path").only("slug", "title")
    ]


def live_clinicians():
    """Every live, public clinician page, in tree order."""
    return list(
        ClinicianPage.objects.live()
        .public()
        .order_by("path")
        .only("slug", "title", "accepting_new_clients")
    )


# Form fields come from the model, so a form can never accept more than the column holds.
inquiry_field = Inquiry._meta.get_field


class InquiryForm(SpamProtectedForm):
    name = inquiry_field("name").formfield(
        label=_("Your name"),
        validators=[validate_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please tell us your name.")},
    )
    email = inquiry_field("email").formfield(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please give your email address, so that we can reply."),
            "invalid": _("Please enter an email address like name@example.com."),
        },
    )
    phone = inquiry_field("phone").formfield(
        label=_("Phone"),
        validators=[phone_number],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    preferred_contact_method = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=Inquiry.ContactMethod.choices,
        initial=Inquiry.ContactMethod.EMAIL,
    )
    best_times = inquiry_field("best_times").formfield(
        label=_("Best times to reach you"),
        validators=[validate_one_line],
        help_text=_("For example “weekday mornings” or “after 5 pm”."),
    )
    service = forms.ChoiceField(
        label=_("Service you are interested in"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "That service is not offered here; please choose one from the list."
            )
        },
    )
    clinician = forms.ChoiceField(
        label=_("Clinician you would like to see"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "That clinician is not listed here; please choose one from the list."
            )
        },
    )
    session_format = forms.ChoiceField(
        label=_("In person or telehealth?"),
        choices=Inquiry.SessionFormat.choices,
        initial=Inquiry.SessionFormat.NO_PREFERENCE,
    )
    message = inquiry_field("message").formfield(
        label=_("What would you like help with?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write a sentence or two about what you need.")},
        help_text=_(
            "A few sentences are enough. Please leave out detailed health information: "
            "we talk about that once we are in touch."
        ),
    )
    referral_source = inquiry_field("referral_source").formfield(
        label=_("How did you hear about us?"),
        validators=[validate_one_line],
    )
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={"required": _("Please tick this box to confirm before sending.")},
    )

    def __init__(self, *args, service_slug="", clinician_slug="", **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {slug: page for slug, _title, page in live_services()}
        self.fields["service"].choices = [("", _("Not sure yet"))] + [
            (slug, page.title) for slug, page in self.services.items()
        ]
        self.clinicians = {page.slug: page for page in live_clinicians()}
        self.fields["clinician"].choices = [("", _("No preference"))] + [
            (
                slug,
                page.title
                if page.accepting_new_clients
                else _("%(name)s (waiting list)") % {"name": page.title},
            )
            for slug, page in self.clinicians.items()
        ]
        # ?service=<slug> and ?clinician=<slug> preselect; anything else in the link is ignored.
        if not self.is_bound and service_slug in self.services:
            self.initial["service"] = service_slug
        if not self.is_bound and clinician_slug in self.clinicians:
            self.initial["clinician"] = clinician_slug

    def clean_service(self):
        return self.services.get(self.cleaned_data["service"])

    def clean_clinician(self):
        return self.clinicians.get(self.cleaned_data["clinician"])

    def clean(self):
        cleaned_data = super().clean()
        wants_a_call = cleaned_data.get("preferred_contact_method") in (
            Inquiry.ContactMethod.PHONE,
            Inquiry.ContactMethod.TEXT,
        )
        if wants_a_call and not cleaned_data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Please give a phone number so we can call or text you."))
        return cleaned_data

    def inquiry_fields(self):
        """The cleaned values `inquiry_create()` takes, without the spam and consent fields."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "preferred_contact_method": data["preferred_contact_method"],
            "best_times": data["best_times"],
            "service": data["service"],
            "clinician": data["clinician"],
            "session_format": data["session_format"],
            "message": data["message"],
            "referral_source": data["referral_source"],
        }


class PrivacyRequestForm(forms.Form):
    """Staff answer a person's request (by email or phone) for their data, or its deletion."""

    address = forms.EmailField(
        label=_("The person's email address"),
        help_text=_("Matched in any letter case across inquiries, comments and the mailing list."),
    )
    kind = forms.ChoiceField(
        label=_("Request"), choices=PrivacyRequest.Kind.choices, widget=forms.RadioSelect
    )
    confirm_delete = forms.BooleanField(
        label=_("I understand deleting cannot be undone"),
        required=False,
        help_text=_("Needed to delete. The download is the only copy afterwards."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == PrivacyRequest.Kind.DELETE and not cleaned.get("confirm_delete"):
            self.add_error("confirm_delete", _("Tick this box to delete everything held."))
        return cleaned
