"""Signed links that let a commenter delete their own comment, at any time, once."""

from django.core import signing

DELETE_SALT = "blog.comment.delete"


def comment_delete_token(comment):
    """A token naming the comment, signed with SECRET_KEY; it does not expire.

    It is single-use because using it deletes the row it names: the same link then finds
    nothing to delete.
    """
    return signing.dumps({"comment": comment.pk}, salt=DELETE_SALT, compress=True)


def comment_id_from_token(token):
    """The comment's id, or None for a token that was altered or never issued."""
    try:
        data = signing.loads(token, salt=DELETE_SALT)
    except signing.BadSignature:
        return None
    comment_id = data.get("comment") if isinstance(data, dict) else None
    return comment_id if isinstance(comment_id, int) else None
