"""Factories and form data for the inquiry tests."""

import time

import factory
from django.core import signing
from django.utils import timezone

from contact.models import Inquiry
from mindful.spam import TIMESTAMP_SALT


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    message = "I would like to talk about anxiety at work."
    consented_at = factory.LazyFunction(timezone.now)
    address_hash = "0" * 64


def rendered_at(seconds_ago=30):
    """A signed render time as the form would have sent it `seconds_ago`."""
    return signing.dumps(time.time() - seconds_ago, salt=TIMESTAMP_SALT)


def inquiry_form_data(**overrides):
    """What a person's browser posts when the form is filled in properly."""
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "(206) 555-0100",
        "preferred_contact_method": "phone",
        "best_times": "Weekday mornings",
        "service": "individual-therapy",
        "session_format": "telehealth",
        "message": "I have been feeling anxious at work and would like some support.",
        "referral_source": "A friend",
        "consent": "on",
        "website": "",
        "rendered_at": rendered_at(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
