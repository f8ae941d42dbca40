"""Factories and helpers shared by the mailing-list tests."""

import time

import factory
from django.core import signing
from django.utils import timezone
from wagtail.models import Page, Site

from blog.models import BlogIndexPage
from contact.newsletter.models import Subscriber
from mindful.demo import tree_roots
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


def make_blog_index():
    """A blog index under the default site's root page, whatever state the tree is in.

    Migrations create a default site; a database emptied by an earlier transactional
    test (with --reuse-db) has none, so one is made.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        home = tree_roots().add_child(instance=Page(title="Home", slug="home"))
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    return site.root_page.add_child(instance=BlogIndexPage(title="Blog", slug="blog"))
