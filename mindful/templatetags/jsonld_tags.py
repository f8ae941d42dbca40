import json

from django import template
from django.utils.safestring import mark_safe

from mindful.models import FeeSettings, PracticeSettings

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


def practice_data(practice, url, fees=None, request=None):
    """schema.org data describing the practice, from the practice and fee settings."""
    data = {
        "@context": "https://schema.org",
        # schema.org has no "Psychologist" type: a MedicalClinic (both a MedicalBusiness and a
        # MedicalOrganization, so it can name health plan networks) whose specialty is
        # Psychiatric (mental health) is the closest valid description.
        "@type": "MedicalClinic",
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
    if fees is not None:
        data.update(fees_data(fees, request))
    return data


def fees_data(fees, request=None):
    """Fees as schema.org properties of the practice: each only when there is data for it."""
    rows = fees.fee_rows()
    data = {"currenciesAccepted": "USD"}
    if rows:
        data["priceRange"] = fees.price_range(rows)
        data["makesOffer"] = [row.offer_json_ld(request) for row in rows]
    if fees.payment_methods:
        data["paymentAccepted"] = fees.payment_methods
    plans = [plan.name for plan in fees.insurance_plans.all()]
    if plans:
        data["healthPlanNetworkId"] = plans
    return data


@register.simple_tag(takes_context=True)
def practice_json_ld(context):
    """`{% practice_json_ld %}`: the practice as JSON-LD, for the home and fees pages' <head>."""
    request = context.get("request")
    practice = PracticeSettings.load(request_or_site=request)
    page = context.get("page")
    url = ""
    if page is not None:
        # The practice is the site itself: its URL is the site's root, whichever page says so.
        url_parts = page.get_url_parts(request)
        url = url_parts[1] + "/" if url_parts else ""
    fees = FeeSettings.load(request_or_site=request)
    return json_ld(practice_data(practice, url, fees, request))
