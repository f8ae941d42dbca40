"""Demo contact page and mailing list for `manage.py load_demo_content`."""

from django.utils import timezone

from contact.models import ContactPage, Subscriber
from mindful.demo import add_page, republish
from mindful.models import HomePage


def load():
    home = HomePage.objects.get()
    contact = add_page(
        home,
        ContactPage,
        "contact",
        title="Contact",
        show_in_menus=True,
        intro=(
            "<p>Tell us a little about what you are looking for and we will reply within "
            "two business days.</p>"
        ),
    )
    if home.cta_page_id is None:
        home.cta_page = contact
        republish(home)
    load_mailing_list()


DEMO_SUBSCRIBERS = [
    ("avery@example.com", "Avery", Subscriber.Status.SUBSCRIBED),
    ("jordan@example.com", "Jordan", Subscriber.Status.SUBSCRIBED),
    ("riley@example.com", "", Subscriber.Status.PENDING),
    ("casey@example.com", "Casey", Subscriber.Status.UNSUBSCRIBED),
]


def load_mailing_list():
    """A few readers in each state, so the admin's subscriber list has something to show."""
    now = timezone.now()
    for email, first_name, status in DEMO_SUBSCRIBERS:
        Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "status": status,
                "consent_source": "/blog/",
                "consent_version": "demo",
                "confirmed_at": now if status != Subscriber.Status.PENDING else None,
                "unsubscribed_at": now if status == Subscriber.Status.UNSUBSCRIBED else None,
            },
        )
