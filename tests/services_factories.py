"""Factories for the services app's tests: specialties, modalities, services, clinicians."""

import factory
import wagtail_factories
from django.utils.text import slugify

from services.models import (
    ClinicianIndexPage,
    ClinicianPage,
    Modality,
    ServicePage,
    ServicesIndexPage,
    Specialty,
)


class SpecialtyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.LazyAttribute(lambda term: slugify(term.name))
    description = factory.LazyAttribute(lambda term: f"What {term.name} feels like.")

    class Meta:
        model = Specialty


class ModalityFactory(SpecialtyFactory):
    name = factory.Sequence(lambda n: f"Modality {n}")

    class Meta:
        model = Modality


class ServicesIndexPageFactory(wagtail_factories.PageFactory):
    title = "Services"
    slug = "services"

    class Meta:
        model = ServicesIndexPage


class ClinicianIndexPageFactory(wagtail_factories.PageFactory):
    title = "Clinicians"
    slug = "clinicians"

    class Meta:
        model = ClinicianIndexPage


class ServicePageFactory(wagtail_factories.PageFactory):
    """Pass `specialties=[…]` / `modalities=[…]`: the page's constructor takes them."""

    title = factory.Sequence(lambda n: f"Service {n}")
    summary = factory.LazyAttribute(lambda page: f"All about {page.title}.")

    class Meta:
        model = ServicePage


class ClinicianPageFactory(wagtail_factories.PageFactory):
    """Pass `services=[…]`, `specialties=[…]`, `modalities=[…]` to tag the clinician."""

    title = factory.Sequence(lambda n: f"Clinician {n}")
    credentials = "PhD, Licensed Psychologist"
    photo = factory.SubFactory(wagtail_factories.ImageFactory)

    class Meta:
        model = ClinicianPage


def services_tree():
    """A home page (the site root) holding an empty services index and clinician index."""
    from mindful.demo import home_page

    home = home_page()
    return ServicesIndexPageFactory(parent=home), ClinicianIndexPageFactory(parent=home)
