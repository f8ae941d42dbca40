"""Service and clinician pages: tree rules, every field on the page, the inquiry link, admin."""

import json
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from mindful.models import HomePage, PracticeSettings
from services.models import (
    ClinicianIndexPage,
    ClinicianPage,
    Modality,
    ServicePage,
    ServicesIndexPage,
    Specialty,
)


def json_ld_blocks(html):
    return [
        json.loads(payload)
        for payload in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


class PageTypeRulesTests(WagtailPageTestCase):
    def test_services_live_only_under_the_services_index(self):
        self.assertAllowedParentPageTypes(ServicePage, {ServicesIndexPage})
        self.assertAllowedSubpageTypes(ServicesIndexPage, {ServicePage})
        self.assertAllowedSubpageTypes(ServicePage, set())

    def test_clinicians_live_only_under_the_clinician_index(self):
        self.assertAllowedParentPageTypes(ClinicianPage, {ClinicianIndexPage})
        self.assertAllowedSubpageTypes(ClinicianIndexPage, {ClinicianPage})
        self.assertAllowedSubpageTypes(ClinicianPage, set())

    def test_services_and_clinicians_cannot_be_created_elsewhere(self):
        for parent in (HomePage, ClinicianIndexPage, ServicePage):
            self.assertCanNotCreateAt(parent, ServicePage)
        for parent in (HomePage, ServicesIndexPage, ClinicianPage):
            self.assertCanNotCreateAt(parent, ClinicianPage)

    def test_each_index_lives_once_under_the_home_page(self):
        self.assertAllowedParentPageTypes(ServicesIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ClinicianIndexPage, {HomePage})
        self.assertEqual(ServicesIndexPage.max_count, 1)
        self.assertEqual(ClinicianIndexPage.max_count, 1)


class DemoServicesTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", verbosity=0)
        cls.index = ServicesIndexPage.objects.get()
        cls.individual = ServicePage.objects.get(slug="individual-therapy")
        cls.evaluations = ServicePage.objects.get(slug="psychological-evaluations")
        cls.tabitha = ClinicianPage.objects.get(slug="tabitha-moss")
        cls.jordan = ClinicianPage.objects.get(slug="jordan-alvarez")


class ServicePageTests(DemoServicesTestCase):
    def test_service_page_renders_every_field(self):
        self.assertPageIsRenderable(self.individual)
        response = self.client.get("/services/individual-therapy/")
        self.assertContains(response, "<h1>Individual therapy</h1>", html=True)
        self.assertContains(response, "One-to-one sessions for depression")  # summary
        self.assertContains(response, "<dd>In person or by telehealth</dd>", html=True)
        self.assertContains(response, "<dd>53 minutes, usually weekly</dd>", html=True)
        self.assertContains(response, "Who it is for")
        self.assertContains(response, "Adults (18+) in Washington State who want")
        self.assertContains(response, "What to expect")
        self.assertContains(response, "free 15-minute phone consultation")
        self.assertContains(response, '<h2 id="fees-heading">Fees and insurance</h2>')
        self.assertContains(response, '<td class="fee-table__fee">$210</td>', html=True)
        self.assertContains(response, "Most clients come weekly at first")
        self.assertContains(response, '<a href="/fees-and-insurance/">fees and insurance</a>')
        self.assertContains(response, '<a href="/services/specialty/trauma/">Trauma</a>')
        self.assertContains(
            response,
            '<a href="/services/modality/coherence-therapy/">'
            "Coherence therapy and memory reconsolidation</a>",
        )
        self.assertContains(response, "<summary>Do you take insurance?</summary>", html=True)
        self.assertContains(response, '<a href="/clinicians/tabitha-moss/">Dr. Tabitha Moss</a>')
        self.assertContains(response, '<a href="/clinicians/jordan-alvarez/">Jordan Alvarez</a>')

    def test_service_page_shows_only_the_live_clinicians_who_offer_it(self):
        html = self.client.get("/services/psychological-evaluations/").content.decode()
        self.assertIn('href="/clinicians/tabitha-moss/"', html)
        self.assertNotIn('href="/clinicians/jordan-alvarez/"', html)
        self.tabitha.unpublish()
        html = self.client.get("/services/psychological-evaluations/").content.decode()
        self.assertNotIn('href="/clinicians/tabitha-moss/"', html)
        self.assertNotIn("Who offers it", html)

    def test_call_to_action_opens_the_inquiry_form_with_the_service_chosen(self):
        response = self.client.get("/services/individual-therapy/")
        self.assertContains(
            response,
            '<a class="button button--primary" href="/contact/?service=individual-therapy">'
            "Ask about individual therapy</a>",
            html=True,
        )
        self.assertEqual(self.client.get("/contact/?service=individual-therapy").status_code, 200)

    def test_call_to_action_follows_the_contact_page_when_it_moves(self):
        contact = Page.objects.get(slug="contact").specific
        contact.slug = "get-in-touch"
        contact.save_revision().publish()
        response = self.client.get("/services/group-therapy/")
        self.assertContains(response, 'href="/get-in-touch/?service=group-therapy"')

    def test_call_to_action_falls_back_to_contact_path_without_a_live_contact_page(self):
        Page.objects.get(slug="contact").unpublish()
        self.assertEqual(self.individual.inquiry_url(), "/contact/?service=individual-therapy")

    def test_call_to_action_preselects_the_service_on_the_inquiry_form(self):
        html = self.client.get(self.individual.inquiry_url()).content.decode()
        select = re.search(r'<select[^>]*name="service"[^>]*>(.*?)</select>', html, re.S)
        self.assertIsNotNone(select, "the inquiry form has no service field")
        selected = re.findall(r"<option[^>]*\bselected\b[^>]*>([^<]*)</option>", select.group(1))
        self.assertEqual([label.strip() for label in selected], ["Individual therapy"])

    def test_services_index_lists_services_with_their_clinicians_and_specialties(self):
        self.assertPageIsRenderable(self.index)
        response = self.client.get("/services/")
        for slug in ("individual-therapy", "group-therapy", "psychological-evaluations"):
            self.assertContains(response, f'href="/services/{slug}/"')
        self.assertContains(response, "Offered by")
        self.assertContains(response, '<a href="/services/specialty/relationships/">')
        self.assertContains(response, '<h2 id="specialties-heading">What we help with</h2>')

    def test_specialty_pages_have_one_h1(self):
        for specialty in Specialty.objects.all():
            html = self.client.get(self.index.term_url(specialty)).content.decode()
            self.assertEqual(html.count("<h1"), 1, specialty.slug)
        for modality in Modality.objects.all():
            response = self.client.get(self.index.term_url(modality))
            self.assertEqual(response.status_code, 200, modality.slug)


class ClinicianPageTests(DemoServicesTestCase):
    def test_clinician_page_renders_every_field(self):
        self.assertPageIsRenderable(self.tabitha)
        response = self.client.get("/clinicians/tabitha-moss/")
        html = response.content.decode()
        self.assertContains(response, "<h1>Dr. Tabitha Moss</h1>", html=True)
        self.assertIn("<picture>", html)
        self.assertIn('alt="Illustrated portrait of Dr. Tabitha Moss, smiling, with long', html)
        self.assertIn("PhD, Licensed Psychologist (Washington)", html)
        self.assertIn("Pronouns: she/her", html)
        self.assertIn("Accepting new clients", html)
        self.assertIn("Languages: English", html)
        self.assertIn("She also conducts psychological evaluations.", html)  # bio
        self.assertIn('<a href="/services/psychological-evaluations/">', html)
        self.assertNotIn('<a href="/services/group-therapy/">', html)
        self.assertIn('<a href="/services/specialty/trauma/">Trauma</a>', html)
        self.assertIn('<a href="/services/modality/psychodynamic/">Psychodynamic therapy</a>', html)

    def test_clinician_page_describes_the_clinician_as_json_ld(self):
        html = self.client.get("/clinicians/jordan-alvarez/").content.decode()
        (person,) = json_ld_blocks(html)
        self.assertEqual(
            person,
            {
                "@context": "https://schema.org",
                "@type": "Person",
                "name": "Jordan Alvarez",
                "url": "http://testserver/clinicians/jordan-alvarez/",
                "worksFor": {"@type": "MedicalBusiness", "name": "Mindful Psychological"},
                "jobTitle": "MA, LMHC, Licensed Mental Health Counselor (Washington)",
                "knowsLanguage": ["English", "Spanish"],
                "knowsAbout": ["Anxiety", "Life transitions", "Relationships", "Stress"],
            },
        )

    def test_clinician_who_is_full_says_so_and_lists_every_language(self):
        html = self.client.get("/clinicians/jordan-alvarez/").content.decode()
        self.assertIn("Jordan is not taking new clients at the moment", html)
        self.assertIn("Languages: English, Spanish", html)
        self.assertIn("Pronouns: he/they", html)

    def test_photo_alt_text_falls_back_to_the_image_description(self):
        self.tabitha.photo_alt_text = ""
        self.tabitha.save_revision().publish()
        html = self.client.get("/clinicians/tabitha-moss/").content.decode()
        self.assertIn(f'alt="{self.tabitha.photo.description}"', html)

    def test_clinician_index_lists_live_clinicians_with_their_specialties(self):
        self.jordan.unpublish()
        response = self.client.get("/clinicians/")
        self.assertContains(response, '<a href="/clinicians/tabitha-moss/">Dr. Tabitha Moss</a>')
        self.assertNotContains(response, "/clinicians/jordan-alvarez/")
        self.assertContains(response, '<a href="/services/specialty/depression/">Depression</a>')


class PracticeJsonLdTests(DemoServicesTestCase):
    def test_home_page_describes_the_practice_as_json_ld(self):
        html = self.client.get("/").content.decode()
        (practice,) = [block for block in json_ld_blocks(html) if "address" in block]
        # A MedicalClinic is a MedicalBusiness that can also name its health plan networks.
        self.assertEqual(practice["@type"], "MedicalClinic")
        self.assertEqual(practice["name"], "Mindful Psychological")
        self.assertEqual(practice["url"], "http://testserver/")  # SITE_URL in test settings
        self.assertEqual(practice["telephone"], "(206) 555-0142")
        self.assertEqual(
            practice["address"],
            {
                "@type": "PostalAddress",
                "streetAddress": "1200 Fifth Avenue, Suite 400",
                "addressLocality": "Seattle",
                "addressRegion": "WA",
                "postalCode": "98101",
                "addressCountry": "US",
            },
        )
        self.assertEqual(
            practice["openingHoursSpecification"][1],
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": ["Friday"],
                "opens": "09:00",
                "closes": "14:00",
            },
        )

    def test_practice_json_ld_cannot_close_its_script_element(self):
        settings = PracticeSettings.load()
        settings.practice_name = "Mindful </script><script>alert(1)</script> & Co"
        settings.save()
        html = self.client.get("/").content.decode()
        self.assertNotIn("</script><script>alert(1)", html)
        names = [block.get("name") for block in json_ld_blocks(html)]
        self.assertIn("Mindful </script><script>alert(1)</script> & Co", names)


class EditorTests(DemoServicesTestCase):
    def setUp(self):
        user = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
        self.client.force_login(user)

    def test_service_and_clinician_edit_views_load(self):
        for page in (self.individual, self.evaluations, self.tabitha, self.jordan, self.index):
            edit = self.client.get(f"/admin/pages/{page.pk}/edit/")
            self.assertEqual(edit.status_code, 200, page.url)

    def test_clinician_preview_shows_unsaved_choices(self):
        # The preview renders the editor's form, not the database: relations are in memory.
        self.tabitha.services = [self.individual]
        self.tabitha.specialties = [Specialty.objects.get(slug="relationships")]
        html = self.tabitha.make_preview_request().render().content.decode()
        self.assertIn('<a href="/services/individual-therapy/">', html)
        self.assertNotIn('<a href="/services/psychological-evaluations/">', html)
        self.assertIn(">Relationships</a>", html)
        self.assertNotIn(">Trauma</a>", html)

    def test_a_new_service_can_be_previewed_before_it_is_saved(self):
        service = ServicePage(
            title="Couples therapy",
            slug="couples-therapy",
            summary="Sessions for two.",
            specialties=[Specialty.objects.get(slug="relationships")],
            depth=self.index.depth + 1,
            path=self.index.path + "9999",
        )
        html = service.make_preview_request().render().content.decode()
        self.assertIn("<h1>Couples therapy</h1>", html)
        self.assertIn(">Relationships</a>", html)
        self.assertIn('href="/contact/?service=couples-therapy"', html)

    def test_specialty_snippet_edit_view_loads(self):
        trauma = Specialty.objects.get(slug="trauma")
        edit = self.client.get(f"/admin/snippets/services/specialty/edit/{trauma.pk}/")
        self.assertContains(edit, "Trauma")

    def test_editor_adds_a_service_and_a_clinician_who_offers_it(self):
        relationships = Specialty.objects.get(slug="relationships")
        act = Modality.objects.get(slug="act")
        service_data = nested_form_data(
            {
                "title": "Couples therapy",
                "slug": "couples-therapy",
                "summary": "Sessions for two.",
                "who_it_is_for": rich_text("<p>Couples who feel stuck.</p>"),
                "what_to_expect": streamfield([]),
                "format": "telehealth",
                "session_length": "80 minutes",
                "fee_note": rich_text("<p>$250 per session.</p>"),
                "faq": streamfield(
                    [
                        (
                            "question",
                            {
                                "question": "Do we both have to come?",
                                "answer": rich_text("<p>Yes.</p>"),
                            },
                        )
                    ]
                ),
            }
        )
        service_data["specialties"] = [relationships.pk]
        service_data["modalities"] = [act.pk]
        self.assertCanCreate(self.index, ServicePage, service_data)
        service = ServicePage.objects.get(slug="couples-therapy")
        clinician_data = nested_form_data(
            {
                "title": "Sam Rivera",
                "slug": "sam-rivera",
                "photo_alt_text": "",
                "credentials": "LMFT, WA LF00000000",
                "pronouns": "they/them",
                "bio": rich_text("<p>Sam works with couples.</p>"),
                "languages": "English",
                "accepting_new_clients": "on",
            }
        )
        clinician_data["services"] = [service.pk]
        clinician_data["specialties"] = [relationships.pk]
        self.assertCanCreate(ClinicianIndexPage.objects.get(), ClinicianPage, clinician_data)

        html = self.client.get("/services/couples-therapy/").content.decode()
        self.assertIn("<dd>Telehealth (secure video)</dd>", html)
        self.assertIn("<summary>Do we both have to come?</summary>", html)
        self.assertIn('<a href="/clinicians/sam-rivera/">Sam Rivera</a>', html)
        self.assertIn('href="/contact/?service=couples-therapy"', html)
        specialty_html = self.client.get("/services/specialty/relationships/").content.decode()
        self.assertIn('href="/services/couples-therapy/"', specialty_html)
        self.assertIn('href="/clinicians/sam-rivera/"', specialty_html)
