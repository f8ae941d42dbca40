import json

from django import template
from django.utils.safestring import mark_safe

from mindful.models import PracticeSettings

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


def practice_data(practice, url):
    """schema.org data describing the practice, from the practice settings."""
    data = {
        "@context": "https://schema.org",
        # schema.org has no "Psychologist" type: a MedicalBusiness whose specialty is
        # Psychiatric (mental health) is the closest valid description.
        "@type": "MedicalBusiness",
        "medicalSpecialty": "https://schema.org/Psychiatric",
        "name": practice.practice_name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": practice.street_address,
            "addressLocality": practice.locality,
            "addressRegion": practice.region,
            "postalCode": practice.postal_code,
            "addressCountry": practice.country,
        },
    }
    if practice.phone:
        data["telephone"] = practice.phone
    if practice.email:
        data["email"] = practice.email
    hours = practice.opening_hours_specification()
    if hours:
        data["openingHoursSpecification"] = hours
    return data


@register.simple_tag(takes_context=True)
def practice_json_ld(context):
    """`{% practice_json_ld %}`: the practice as JSON-LD, for the home page's <head>."""
    request = context.get("request")
    practice = PracticeSettings.load(request_or_site=request)
    page = context.get("page")
    url = page.get_full_url(request) if page is not None else ""
    return json_ld(practice_data(practice, url))
