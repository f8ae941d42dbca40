from django import template

from mindful.models import PracticeSettings
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
