"""Query counts of the services pages do not grow with clinicians, specialties or services.

Each page is fetched once to warm image renditions and site caches, then counted; the
count at a small and a larger data size must be the same (no query per row).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.services_factories import (
    ClinicianPageFactory,
    ModalityFactory,
    ServicePageFactory,
    SpecialtyFactory,
    services_tree,
)


def count_queries(client, path):
    assert client.get(path).status_code == 200  # warm renditions and site caches
    client.get(path)  # the first request may have created the practice settings row
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


pytestmark = pytest.mark.usefixtures("uncached_pages")


@pytest.fixture
def tree(db):
    return services_tree()


def grow(tree, *, services, clinicians, terms):
    """Add services, clinicians and terms, every one tagged with every other."""
    index, clinician_index = tree
    specialties = SpecialtyFactory.create_batch(terms)
    modalities = ModalityFactory.create_batch(terms)
    new_services = [
        ServicePageFactory(parent=index, specialties=specialties, modalities=modalities)
        for _ in range(services)
    ]
    for _ in range(clinicians):
        ClinicianPageFactory(
            parent=clinician_index,
            services=new_services,
            specialties=specialties,
            modalities=modalities,
        )
    return new_services


def test_services_index_query_count_is_constant_as_clinicians_and_specialties_grow(client, tree):
    grow(tree, services=1, clinicians=1, terms=1)
    small = count_queries(client, "/services/")
    grow(tree, services=3, clinicians=6, terms=6)
    assert count_queries(client, "/services/") == small


def test_clinician_page_query_count_is_constant_as_their_specialties_grow(client, tree):
    index, clinician_index = tree
    clinician = ClinicianPageFactory(
        parent=clinician_index,
        title="Ana",
        services=[ServicePageFactory(parent=index)],
        specialties=SpecialtyFactory.create_batch(1),
        modalities=ModalityFactory.create_batch(1),
    )
    small = count_queries(client, "/clinicians/ana/")
    more_services = grow(tree, services=4, clinicians=5, terms=7)
    clinician.services.add(*more_services)
    clinician.specialties.add(*SpecialtyFactory.create_batch(6))
    clinician.modalities.add(*ModalityFactory.create_batch(6))
    clinician.save()
    assert clinician.specialties.count() == 7
    assert count_queries(client, "/clinicians/ana/") == small


def test_service_page_query_count_is_constant_as_its_clinicians_grow(client, tree):
    index, clinician_index = tree
    service = ServicePageFactory(parent=index, title="Therapy")
    ClinicianPageFactory(parent=clinician_index, services=[service])
    small = count_queries(client, "/services/therapy/")
    for _ in range(6):
        ClinicianPageFactory(
            parent=clinician_index,
            services=[service],
            specialties=SpecialtyFactory.create_batch(2),
        )
    service.specialties.add(*SpecialtyFactory.create_batch(5))
    service.save()
    assert count_queries(client, "/services/therapy/") == small


def test_clinician_index_and_specialty_page_query_counts_are_constant(client, tree):
    index, clinician_index = tree
    anxiety = SpecialtyFactory(name="Anxiety")
    ClinicianPageFactory(
        parent=clinician_index,
        specialties=[anxiety],
        services=[ServicePageFactory(parent=index, specialties=[anxiety])],
    )
    small_index = count_queries(client, "/clinicians/")
    small_specialty = count_queries(client, "/services/specialty/anxiety/")
    services = [ServicePageFactory(parent=index, specialties=[anxiety]) for _ in range(3)]
    for _ in range(6):
        ClinicianPageFactory(
            parent=clinician_index,
            services=services,
            specialties=[anxiety, *SpecialtyFactory.create_batch(3)],
        )
    assert count_queries(client, "/clinicians/") == small_index
    assert count_queries(client, "/services/specialty/anxiety/") == small_specialty
