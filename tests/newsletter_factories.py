"""Factories and helpers shared by the mailing-list tests."""

import time

import factory
from django.core import signing
from django.utils import timezone

from contact.models import Subscriber
from mindful.spam import TIMESTAMP_SALT


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    first_name = "Sam"
    status = Subscriber.Status.SUBSCRIBED
    consent_version = "test"
    consent_source = "/blog/"
    confirmed_at = factory.LazyFunction(timezone.now)


def signup_data(**overrides):
    """A signup POST as a person's browser sends it, rendered half a minute ago."""
    data = {
        "email": "reader@example.com",
        "first_name": "Ada",
        "consent": "on",
        "source": "/blog/how-does-psychotherapy-work/",
        "website": "",
        "rendered_at": signing.dumps(time.time() - 30, salt=TIMESTAMP_SALT),
    }
    data.update(overrides)
    return data
