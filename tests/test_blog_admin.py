"""Writing a post in the Wagtail admin, as a clinician would."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPostPage, Comment
from tests.blog_factories import add_category, add_post, build_blog, make_image

BODY = (
    "<p>Therapy works through relationship.</p><h2>Therapeutic Alliance</h2>"
    "<ol><li>Therapeutic Alliance</li><li>Mindfulness</li></ol>"
)


class WritingAPostTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.blog, cls.tabitha, _ = build_blog()
        cls.category = add_category("Therapy Basics")
        cls.user = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.user)

    def post_data(self, **overrides):
        data = {
            "title": "How Does Psychotherapy Work?",
            "slug": "how-does-psychotherapy-work",
            "intro": "Five key ingredients for change.",
            "hero_image": "",
            "hero_image_alt": "",
            "body": streamfield([("paragraph", rich_text(BODY))]),
            "post_authors": inline_formset([{"clinician": self.tabitha.pk}]),
            "date": "2025-09-18",
            "updated": "",
            "content_note": "",
            "content_note_text": "",
            "tags": "mindfulness, self-compassion",
            "comments_open": "on",
        }
        data.update(overrides)
        return {**nested_form_data(data), "categories": [self.category.pk]}

    def test_the_add_form_renders(self):
        url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", self.blog.pk])
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_clinician_writes_a_post_and_another_approves_it_for_readers(self):
        # Clinical review: the writer submits; a different clinician's approval publishes.
        url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", self.blog.pk])
        response = self.client.post(url, {**self.post_data(), "action-submit": "submit"})
        self.assertEqual(response.status_code, 302)
        post = BlogPostPage.objects.get(slug="how-does-psychotherapy-work")
        self.assertFalse(post.live)
        self.assertTrue(post.workflow_in_progress)
        reviewer = get_user_model().objects.create_superuser("reviewer", "r@example.com", "pw")
        self.client.force_login(reviewer)
        task_state = post.current_workflow_task_state
        self.client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
        )
        post.refresh_from_db()
        self.assertTrue(post.live)
        self.assertEqual(post.authors, [self.tabitha])
        self.assertEqual(
            [tag.name for tag in post.tags.order_by("name")], ["mindfulness", "self-compassion"]
        )
        response = self.client.get("/blog/how-does-psychotherapy-work/")
        self.assertRegex(response.content.decode(), r"<h2[^>]*>Therapeutic Alliance</h2>")
        self.assertRegex(response.content.decode(), r"<ol><li[^>]*>Therapeutic Alliance</li>")
        self.assertContains(response, "1 min read")
        self.assertContains(response, "Dr. Tabitha Moss")
        self.assertContains(response, 'href="/blog/category/therapy-basics/"')
        self.assertContains(response, 'id="comments"')

    def test_hero_image_without_description_is_refused(self):
        data = self.post_data(hero_image=make_image().pk)
        url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", self.blog.pk])
        response = self.client.post(url, {**data, "action-submit": "submit"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Describe the hero image")
        self.assertFalse(BlogPostPage.objects.filter(slug="how-does-psychotherapy-work").exists())

    def test_a_post_needs_an_author(self):
        data = self.post_data(post_authors=inline_formset([], min=1))
        url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", self.blog.pk])
        self.client.post(url, {**data, "action-submit": "submit"})
        self.assertFalse(BlogPostPage.objects.filter(slug="how-does-psychotherapy-work").exists())

    def test_dashboard_counts_comments_awaiting_moderation(self):
        post = add_post(self.blog, "Commented")
        for name in ["Ann", "Bob"]:
            Comment.objects.create(post=post, name=name, email="a@example.com", body="Hi")
        Comment.objects.create(
            post=post, name="Cy", email="c@example.com", body="Hi", status="approved"
        )
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "2 comments awaiting moderation")
        self.assertContains(
            response, reverse("wagtailsnippets_blog_comment:list") + "?status=pending"
        )

    def test_previewing_a_new_post_before_saving_renders_it(self):
        url = reverse(
            "wagtailadmin_pages:preview_on_add", args=["blog", "blogpostpage", self.blog.pk]
        )
        response = self.client.post(url, self.post_data())
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        preview = self.client.get(url)
        self.assertEqual(preview.status_code, 200)
        self.assertContains(preview, "How Does Psychotherapy Work?")
        self.assertRegex(preview.content.decode(), r"<h2[^>]*>Therapeutic Alliance</h2>")

    def test_previewing_an_edited_draft_shows_the_draft(self):
        post = add_post(self.blog, "Published title", authors=[self.tabitha])
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk])
        data = self.post_data(title="Draft title", slug=post.slug)
        self.assertEqual(self.client.post(url, data).json()["is_valid"], True)
        self.assertContains(self.client.get(url), "Draft title")
        self.assertContains(self.client.get(post.url), "Published title")
