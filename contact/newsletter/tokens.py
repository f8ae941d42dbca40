"""Signed links for the mailing list: confirm a signup, unsubscribe.

A token names the subscriber's id and a hash of their address, signed with the
SECRET_KEY and a salt per purpose: it cannot be forged, cannot be used for
another address (or after the address changes), and a confirmation token cannot
unsubscribe nor the reverse. Nothing is stored; the address itself is not
readable from the link.
"""

import hashlib

from django.core import signing

CONFIRM = "contact.newsletter.confirm"
UNSUBSCRIBE = "contact.newsletter.unsubscribe"
# A confirmation link works for a week; unsubscribe links in old emails work for ever.
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7
# Signed tokens are well under this; anything longer is not one of ours.
MAX_TOKEN_LENGTH = 200


class InvalidToken(Exception):
    """Tampered, truncated, for another purpose, or for an address no longer on the list."""


class ExpiredToken(InvalidToken):
    """Genuine but too old."""


def address_digest(email):
    """The address, trimmed and lower-cased, hashed: the same for every spelling of it."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _token_digest(email):
    # A prefix is enough to tie a token to its address and keeps the link short.
    return address_digest(email)[:16]


def make_token(subscriber, purpose):
    payload = {"s": subscriber.pk, "e": _token_digest(subscriber.email)}
    return signing.dumps(payload, salt=purpose, compress=True)


def make_confirm_token(subscriber):
    return make_token(subscriber, CONFIRM)


def make_unsubscribe_token(subscriber):
    return make_token(subscriber, UNSUBSCRIBE)


def read_token(token, purpose, queryset):
    """The subscriber the token was made for, or InvalidToken / ExpiredToken."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        payload = signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise InvalidToken
    subscriber = queryset.filter(pk=payload["s"]).first()
    if subscriber is None or _token_digest(subscriber.email) != payload.get("e"):
        raise InvalidToken
    return subscriber
