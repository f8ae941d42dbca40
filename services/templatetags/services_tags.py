from django import template

from mindful.models import FeeSettings, PracticeSettings
from mindful.templatetags.jsonld_tags import json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def term_url(context, services_index, term):
    """`{% term_url services_index specialty as href %}`: the page listing what matches a term.

    Empty when the site has no live services index to list it under.
    """
    if services_index is None:
        return ""
    return services_index.term_url(term, context.get("request"))


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
