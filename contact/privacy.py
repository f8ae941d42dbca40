"""Privacy requests: everything held about one email address, exported or deleted.

Washington's My Health My Data Act (and good manners) let a person ask what the practice
holds about them and have it deleted. The address is matched in any letter case across
inquiries, blog comments, mailing-list subscribers and the newsletter deliveries sent to
them. Afterwards only a PrivacyRequest row is kept: the date, the kind of request, a keyed
hash of the address and how many records were found.
"""

import json

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from blog.models import Comment
from contact.audit import log_privacy_request
from contact.models.inquiries import Inquiry
from contact.models.privacy import PrivacyRequest, privacy_address_hash
from contact.newsletter.models import Delivery, Subscriber

# Each kind of record, its model and the field lookup that holds the address.
# Deleted in this order: deliveries point at subscribers.
SOURCES = {
    "newsletter_deliveries": (Delivery, "subscriber__email__iexact"),
    "subscribers": (Subscriber, "email__iexact"),
    "comments": (Comment, "email__iexact"),
    "inquiries": (Inquiry, "email__iexact"),
}


def records_for(address):
    """Every row holding the address, by kind, locked until the transaction ends."""
    return {
        name: list(
            model.objects.filter(**{lookup: address.strip()})
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        for name, (model, lookup) in SOURCES.items()
    }


def as_json(address, found, answered_at):
    document = {
        "address": address.strip(),
        "exported_at": answered_at,
        "records": {
            name: [
                {"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", rows)
            ]
            for name, rows in found.items()
        },
    }
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


@transaction.atomic
def answer_privacy_request(address, kind, *, user=None):
    """Export (and for DELETE, delete) everything held about `address` in one transaction.

    Returns (the JSON document, the PrivacyRequest kept). Exactly the rows exported are
    deleted: they stay locked in between, so a row arriving meanwhile is not lost unseen.
    """
    found = records_for(address)
    answered_at = timezone.now()
    document = as_json(address, found, answered_at)
    if kind == PrivacyRequest.Kind.DELETE:
        for name, (model, _lookup) in SOURCES.items():
            model.objects.filter(pk__in=[row.pk for row in found[name]]).delete()
    privacy_request = PrivacyRequest.objects.create(
        kind=kind,
        address_hash=privacy_address_hash(address),
        record_counts={name: len(rows) for name, rows in found.items()},
    )
    log_privacy_request(privacy_request, user)
    return document, privacy_request
