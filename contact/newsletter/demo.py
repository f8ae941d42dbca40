"""Demo mailing list for `manage.py load_demo_content`."""

from django.utils import timezone

from contact.newsletter.models import Subscriber

DEMO_SUBSCRIBERS = [
    ("avery@example.com", "Avery", Subscriber.Status.SUBSCRIBED),
    ("jordan@example.com", "Jordan", Subscriber.Status.SUBSCRIBED),
    ("riley@example.com", "", Subscriber.Status.PENDING),
    ("casey@example.com", "Casey", Subscriber.Status.UNSUBSCRIBED),
]


def load():
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
