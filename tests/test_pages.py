"""Page-tree rules and rendering of the home page and standard pages."""

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage, BlogPostPage
from contact.models import ContactPage
from mindful.models import HomePage, StandardPage
from services.models import ClinicianIndexPage, ServicePage, ServicesIndexPage


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_lives_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_holds_the_site_sections(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, ServicesIndexPage)
        self.assertCanCreateAt(HomePage, ClinicianIndexPage)
        self.assertCanCreateAt(HomePage, BlogIndexPage)
        self.assertCanCreateAt(HomePage, ContactPage)

    def test_standard_pages_nest_only_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_standard_page_cannot_hold_blog_or_services(self):
        self.assertCanNotCreateAt(StandardPage, BlogIndexPage)
        self.assertCanNotCreateAt(StandardPage, ServicesIndexPage)


class RenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", verbosity=0)
        cls.home = HomePage.objects.get()

    def test_home_page_is_renderable_and_routable(self):
        self.assertPageIsRoutable(self.home)
        self.assertPageIsRenderable(self.home)

    def test_home_page_shows_hero_services_latest_post_and_call_to_action(self):
        response = self.client.get("/")
        self.assertContains(response, "<h1>Therapy that meets you where you are</h1>", html=True)
        self.assertContains(response, 'href="/services/individual-therapy/"')
        self.assertContains(response, "How Does Psychotherapy Work?")
        self.assertContains(response, 'class="button button--primary" href="/contact/"', count=2)
        self.assertContains(response, "<picture>")

    def test_home_page_skips_featured_services_that_are_unpublished(self):
        Page.objects.get(slug="group-therapy").unpublish()
        response = self.client.get("/")
        self.assertNotContains(response, 'href="/services/group-therapy/"')
        self.assertContains(response, 'href="/services/individual-therapy/"')

    def test_standard_pages_render_with_their_body(self):
        for page in StandardPage.objects.live():
            self.assertPageIsRenderable(page)
        response = self.client.get("/fees-and-insurance/")
        self.assertContains(response, '<h2 id="insurance-heading">Insurance</h2>', html=True)
        self.assertContains(response, "superbill")

    def test_every_page_has_one_h1_lang_skip_link_landmarks_and_crisis_line(self):
        for page in Page.objects.live().filter(depth__gt=1).specific():
            html = self.client.get(page.url).content.decode()
            self.assertEqual(html.count("<h1"), 1, page.url)
            self.assertIn('<html lang="en">', html)
            self.assertIn('<a class="skip-link" href="#main">', html)
            for landmark in ("<header", '<main id="main"', "<footer", '<nav class="main-nav"'):
                self.assertIn(landmark, html, page.url)
            self.assertIn("call or text 988", html)
            self.assertIn("call 911", html)

    def test_main_menu_lists_pages_marked_show_in_menus_and_marks_the_current_one(self):
        response = self.client.get("/about/")
        self.assertContains(response, '<a href="/about/" aria-current="page">', html=False)
        self.assertContains(response, '<a href="/blog/">')
        self.assertNotContains(response, '<a href="/privacy/">Privacy policy</a></li>')

    def test_footer_shows_practice_contact_details_from_settings(self):
        response = self.client.get("/")
        self.assertContains(response, "1200 Fifth Avenue, Suite 400")
        self.assertContains(response, 'href="tel:(206)555-0142"')
        self.assertContains(response, "Monday, Tuesday, Wednesday, Thursday: 9:00 AM–6:00 PM")

    @override_settings(PAGE_CACHE_SECONDS=0)  # count the queries of rendering the page
    def test_home_page_query_count_does_not_grow_with_posts_or_services(self):
        def count_queries():
            self.client.get("/")  # warm caches of content types and site lookup
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/").status_code, 200)
            return len(queries)

        before = count_queries()
        blog = BlogIndexPage.objects.get()
        for number in range(10):
            blog.add_child(
                instance=BlogPostPage(
                    title=f"Post {number}", slug=f"post-{number}", intro="An intro.", body=[]
                )
            )
        services = ServicesIndexPage.objects.get()
        for number in range(5):
            service = ServicePage(title=f"Service {number}", slug=f"s-{number}", summary="S.")
            services.add_child(instance=service)
            self.home.featured_services.append(("service", service))
        self.home.save()
        self.assertEqual(count_queries(), before)
        # Site, page, settings (with the header button's page and the share image), hero,
        # chosen clinicians with photos, chosen services, fees link, latest posts, menu; and
        # the practice's JSON-LD reads the fee settings, schedule and insurance plans.
        self.assertLessEqual(before, 27)


def test_footer_links_to_the_privacy_policy(client, demo_site):
    assert '<a href="/privacy/">Privacy policy</a>' in client.get("/").content.decode()
