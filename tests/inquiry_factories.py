"""Factories, form data and a small site for the inquiry tests."""

import time

import factory
from django.core import signing
from django.utils import timezone
from wagtail.models import Site

from contact import demo as contact_demo
from contact.models import Inquiry
from mindful.demo import add_page, practice_settings, tree_roots
from mindful.models import HomePage
from mindful.spam import TIMESTAMP_SALT
from services.demo import SERVICES
from services.models import ServicePage, ServicesIndexPage


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


def build_contact_site():
    """Home, the demo services and the demo contact page: the demo loader minus its images.

    Built from the demo's own helpers (a second or two faster per test than the
    full loader, which draws pictures and imports the blog).
    """
    root = tree_roots()
    for page in root.get_children().filter(content_type__model="page"):
        page.delete()  # Wagtail's "Welcome" page
    home = HomePage(title="Home", slug="home", hero_heading="Therapy that meets you")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    practice_settings()
    index = add_page(home, ServicesIndexPage, "services", title="Services")
    for service in SERVICES:
        add_page(
            index,
            ServicePage,
            service["slug"],
            title=service["title"],
            summary=service["summary"],
        )
    contact_demo.load()
    return home
