"""Specialty and modality pages list exactly what matches; bad slugs are a 404; admin."""

import re

import pytest
from django.contrib.auth import get_user_model

from services.models import Specialty
from tests.services_factories import (
    ClinicianPageFactory,
    ModalityFactory,
    ServicePageFactory,
    SpecialtyFactory,
    services_tree,
)
from tests.sitemaps import sitemap_text


def linked_paths(html, css_class):
    """The hrefs inside the <ul class="… css_class"> list of a page."""
    match = re.search(rf'<ul class="[^"]*\b{css_class}\b[^"]*">(.*?)</ul>\s*</section>', html, re.S)
    if match is None:
        return set()
    return set(re.findall(r'<h3><a href="([^"]+)"', match.group(1)))


@pytest.fixture
def tagged(db):
    """Two specialties and two modalities with services and clinicians on either side."""
    index, clinician_index = services_tree()
    anxiety, grief = SpecialtyFactory(name="Anxiety"), SpecialtyFactory(name="Grief")
    cbt, act = ModalityFactory(name="CBT"), ModalityFactory(name="ACT")
    pages = {
        "anxiety_service": ServicePageFactory(
            parent=index, title="Anxiety group", specialties=[anxiety], modalities=[cbt]
        ),
        "grief_service": ServicePageFactory(
            parent=index, title="Grief group", specialties=[grief], modalities=[act]
        ),
        "both_service": ServicePageFactory(
            parent=index, title="Individual therapy", specialties=[anxiety, grief]
        ),
        "draft_service": ServicePageFactory(
            parent=index, title="Draft service", specialties=[anxiety], live=False
        ),
        "anxiety_clinician": ClinicianPageFactory(
            parent=clinician_index, title="Ana", specialties=[anxiety], modalities=[cbt]
        ),
        "grief_clinician": ClinicianPageFactory(
            parent=clinician_index, title="Gus", specialties=[grief], modalities=[act, cbt]
        ),
        "draft_clinician": ClinicianPageFactory(
            parent=clinician_index, title="Dora", specialties=[anxiety], live=False
        ),
    }
    return pages


def test_specialty_page_lists_exactly_the_matching_live_services_and_clinicians(client, tagged):
    response = client.get("/services/specialty/anxiety/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Anxiety</h1>" in html
    assert "What Anxiety feels like." in html
    assert linked_paths(html, "term-services") == {
        "/services/anxiety-group/",
        "/services/individual-therapy/",
    }
    assert linked_paths(html, "term-clinicians") == {"/clinicians/ana/"}


def test_modality_page_lists_exactly_the_matching_live_services_and_clinicians(client, tagged):
    html = client.get("/services/modality/cbt/").content.decode()
    assert "<h1>CBT</h1>" in html
    assert linked_paths(html, "term-services") == {"/services/anxiety-group/"}
    assert linked_paths(html, "term-clinicians") == {"/clinicians/ana/", "/clinicians/gus/"}


def test_specialty_page_without_matches_says_so(client, tagged):
    SpecialtyFactory(name="Insomnia")
    html = client.get("/services/specialty/insomnia/").content.decode()
    assert "No service is listed under insomnia yet." in html
    assert "No clinician is listed under insomnia yet." in html


def test_specialty_page_has_its_own_title_and_canonical_url(client, tagged):
    html = client.get("/services/specialty/grief/").content.decode()
    assert "<title>Grief · Mindful Psychological, Seattle</title>" in html
    assert '<link rel="canonical" href="http://testserver/services/specialty/grief/">' in html


@pytest.mark.parametrize(
    "path",
    [
        "/services/specialty/unknown/",
        "/services/modality/anxiety/",  # a specialty's slug is not a modality
        "/services/specialty/" + "a" * 2000 + "/",
        "/services/specialty/caf%C3%A9/",
        "/services/specialty/",
        "/services/specialty/anxiety/extra/",
    ],
)
def test_unknown_or_malformed_slugs_answer_404(client, tagged, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/services/specialty/anx%00iety/",
        "/services/specialty/%00/",
        "/services/specialty/anxiety%0D%0A/",
        "/services/%00/",
        "/clinicians/%00/",
        "/clinicians/ana%00/",
        "/clinicians/ana/%00/",
        "/services/individual-therapy/%00/",
    ],
)
def test_slugs_with_control_characters_are_refused(client, tagged, path):
    # Issue 16: refused site-wide (mindful/hostile_input.py) before any lookup.
    response = client.get(path)
    assert response.status_code == 400
    assert "characters that no page here uses" in response.content.decode()


def test_services_and_clinicians_link_to_their_specialty_pages(client, tagged):
    service_html = client.get("/services/individual-therapy/").content.decode()
    assert '<a href="/services/specialty/anxiety/">Anxiety</a>' in service_html
    assert '<a href="/services/specialty/grief/">Grief</a>' in service_html
    clinician_html = client.get("/clinicians/gus/").content.decode()
    assert '<a href="/services/specialty/grief/">Grief</a>' in clinician_html
    assert '<a href="/services/modality/act/">ACT</a>' in clinician_html
    index_html = client.get("/services/").content.decode()
    assert '<a href="/services/modality/cbt/">CBT</a>' in index_html


def test_sitemap_lists_specialty_and_modality_pages(client, tagged):
    xml = sitemap_text(client)
    assert "<loc>http://testserver/services/specialty/anxiety/</loc>" in xml
    assert "<loc>http://testserver/services/modality/act/</loc>" in xml


def test_term_slug_is_made_from_the_name_when_left_empty(db):
    specialty = Specialty.objects.create(name="Life transitions", description="Changes.")
    assert specialty.slug == "life-transitions"


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_editor_adds_a_specialty_in_the_admin(admin_client, tagged):
    response = admin_client.post(
        "/admin/snippets/services/specialty/add/",
        {"name": "Burnout", "slug": "", "description": "Running on empty."},
    )
    assert response.status_code == 302
    assert Specialty.objects.get(name="Burnout").slug == "burnout"
    assert admin_client.get("/services/specialty/burnout/").status_code == 200


def test_a_duplicate_specialty_is_refused_with_a_message_not_a_crash(admin_client, tagged):
    response = admin_client.post(
        "/admin/snippets/services/specialty/add/",
        {"name": "anxiety!", "slug": "", "description": "Again."},
    )
    assert response.status_code == 200
    assert "Specialty with this Slug already exists." in response.content.decode()
    assert Specialty.objects.filter(slug="anxiety").count() == 1


def test_a_specialty_name_differing_only_in_case_is_refused(admin_client, tagged):
    response = admin_client.post(
        "/admin/snippets/services/specialty/add/",
        {"name": "ANXIETY", "slug": "anxiety-again", "description": "Again."},
    )
    assert response.status_code == 200
    assert "There is already one with this name." in response.content.decode()
    assert not Specialty.objects.filter(slug="anxiety-again").exists()


def test_admin_lists_searches_and_exports_specialties(admin_client, tagged):
    listing = admin_client.get("/admin/snippets/services/specialty/?q=grie")
    assert listing.status_code == 200
    assert "Grief" in listing.content.decode()
    assert "Anxiety" not in listing.content.decode()
    export = admin_client.get("/admin/snippets/services/specialty/?export=csv")
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert rows[0] == "Name,Slug,Description"
    assert "Grief,grief,What Grief feels like." in rows


def test_admin_lists_clinicians_filtered_by_accepting_new_clients(admin_client, tagged):
    ClinicianPageFactory(
        parent=tagged["anxiety_clinician"].get_parent(),
        title="Full Fay",
        accepting_new_clients=False,
    )
    response = admin_client.get("/admin/clinicians/?accepting_new_clients=false")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Full Fay" in html
    assert "Ana" not in html
