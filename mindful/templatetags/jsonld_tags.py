import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# JSON inside <script> must not be able to close the element or open a comment.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """Render schema.org data as <script type="application/ld+json"> (data, not code: CSP-safe)."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
