"""One page of every type the public site serves, on the demo content.

Shared by the HTML validity, search-engine and browser tests, so that a new page type
added here is checked by all of them.
"""

from contact.newsletter.models import Subscriber
from contact.newsletter.tokens import make_confirm_token, make_unsubscribe_token

# Pages search engines should list: one of each type.
INDEXABLE = {
    "home": "/",
    "standard page": "/about/",
    "fees": "/fees-and-insurance/",
    "privacy": "/privacy/",
    "services index": "/services/",
    "service": "/services/individual-therapy/",
    "service nobody accepts for": "/services/group-therapy/",
    "specialty": "/services/specialty/anxiety/",
    "modality": "/services/modality/cbt/",
    "clinicians index": "/clinicians/",
    "clinician": "/clinicians/tabitha-moss/",
    "clinician not accepting": "/clinicians/jordan-alvarez/",
    "blog index": "/blog/",
    "blog category": "/blog/category/therapy-basics/",
    "blog tag": "/blog/tag/mindfulness/",
    "blog author": "/blog/author/tabitha-moss/",
    "post": "/blog/how-does-psychotherapy-work/",
    "contact": "/contact/",
    "contact with a clinician chosen": "/contact/?clinician=tabitha-moss",
    "mailing list signup": "/newsletter/",
}


def utility_pages():
    """Pages that must stay out of search results (GET), with fresh mailing-list links."""
    subscriber, _ = Subscriber.objects.get_or_create(
        email="reader@example.com",
        defaults={"consent_version": "test", "consent_source": "/"},
    )
    return {
        "contact thanks": "/contact/thanks/",
        "search results": "/search/?q=therapy",
        "search form": "/search/",
        "check your inbox": "/newsletter/check-your-inbox/",
        "confirm": f"/newsletter/confirm/{make_confirm_token(subscriber)}/",
        "unsubscribe": f"/newsletter/unsubscribe/{make_unsubscribe_token(subscriber)}/",
        "not found": "/no-such-page/",
    }


# Pages that share a template with another in the lists above are left out of the
# browser tests, which take a second or two per page and viewport.
SAME_TEMPLATE_AS_ANOTHER = {
    "fees",
    "privacy",
    "modality",
    "blog tag",
    "blog author",
    "contact with a clinician chosen",
    "search form",
}


def browser_pages():
    pages = {**INDEXABLE, **utility_pages()}
    return {name: path for name, path in pages.items() if name not in SAME_TEMPLATE_AS_ANOTHER}
