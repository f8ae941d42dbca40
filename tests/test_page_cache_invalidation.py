"""A change is visible on the very next request; pages it does not touch stay cached.

Each test fills the cache as visitors would, makes one change the way an editor does, and
checks what the next visitor gets (X-Cache says whether the page came from the cache).
"""

from django.test import Client
from wagtail.models import Page

from blog.bulk_actions import ApproveCommentsBulkAction, RejectCommentsBulkAction
from blog.models import BlogCategory, BlogPostPage, Comment, CommentStatus
from mindful import memo
from mindful.models import PracticeSettings, StandardPage

POST_URL = "/blog/how-does-psychotherapy-work/"
LISTINGS = ["/", "/blog/", "/blog/feed/", "/sitemap-pages.xml", "/search/?q=psychotherapy"]


def visit(*urls):
    """Fetch each page as a new visitor; returns {url: (X-Cache, html)}."""
    pages = {}
    for url in urls:
        response = Client().get(url)
        pages[url] = (response.get("X-Cache"), response.content.decode(), response.status_code)
    return pages


def post(demo_site):
    return BlogPostPage.objects.get(url_path__endswith=POST_URL)


def test_published_change_shows_at_once_where_the_post_appears(
    demo_site, django_capture_on_commit_callbacks
):
    visit(POST_URL, "/about/", "/services/", *LISTINGS)
    page = post(demo_site)
    page.title = "How therapy really works"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    after = visit(POST_URL, *LISTINGS, "/about/", "/services/")
    for url in [POST_URL, "/", "/blog/", "/blog/feed/"]:
        assert after[url][0] == "miss" and "How therapy really works" in after[url][1], url
    assert after["/sitemap-pages.xml"][0] == "miss"
    assert after["/search/?q=psychotherapy"][0] == "miss"
    # Unrelated pages stay cached.
    assert after["/about/"][0] == "hit" and after["/services/"][0] == "hit"


def test_author_profile_is_cleared_when_their_post_changes(demo_site):
    page = post(demo_site)
    author_url = page.authors[0].url
    visit(author_url, "/clinicians/")
    page.title = "A renamed post"
    page.save_revision().publish()
    after = visit(author_url)
    assert after[author_url][0] == "miss" and "A renamed post" in after[author_url][1]


def test_unpublished_post_disappears_and_other_sections_stay_cached(demo_site):
    visit(POST_URL, "/blog/", "/contact/")
    post(demo_site).unpublish()
    after = visit(POST_URL, "/blog/", "/contact/")
    assert after[POST_URL][2] == 404
    assert POST_URL not in after["/blog/"][1]
    assert after["/contact/"][0] == "hit"


def test_deleted_post_disappears(demo_site):
    visit(POST_URL, "/blog/", "/about/")
    post(demo_site).delete()
    after = visit(POST_URL, "/blog/", "/about/")
    assert after[POST_URL][2] == 404 and POST_URL not in after["/blog/"][1]
    assert after["/about/"][0] == "hit"


def test_moved_page_answers_at_its_new_address(demo_site):
    about = StandardPage.objects.get(slug="about")
    privacy = StandardPage.objects.get(slug="privacy")
    team = about.add_child(instance=StandardPage(title="Our team", slug="team"))
    visit("/about/team/", "/about/", "/privacy/team/", "/blog/")
    team.move(privacy, pos="last-child")
    old = Client().get("/about/team/")  # Wagtail's redirects app points the old address on
    assert old.status_code == 301 and old["Location"].endswith("/privacy/team/")
    after = visit("/privacy/team/", "/blog/")
    assert after["/privacy/team/"][2] == 200
    assert after["/blog/"][0] == "hit"


def test_approving_and_rejecting_comments_clear_only_their_post(demo_site):
    page = post(demo_site)
    comment = Comment.objects.create(
        post=page, name="Ada", email="ada@example.com", body="A kind and useful post."
    )
    visit(POST_URL, "/blog/")
    ApproveCommentsBulkAction.execute_action([comment])
    after = visit(POST_URL, "/blog/")
    assert "A kind and useful post." in after[POST_URL][1]
    assert after["/blog/"][0] == "hit"
    RejectCommentsBulkAction.execute_action([comment])
    assert "A kind and useful post." not in visit(POST_URL)[POST_URL][1]
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED


def test_practice_settings_change_every_page(demo_site):
    visit("/", "/about/", POST_URL)
    practice = PracticeSettings.load()
    practice.phone = "(206) 555-0199"
    practice.save()
    for url, (state, html, _) in visit("/", "/about/", POST_URL).items():
        assert state == "miss" and "(206) 555-0199" in html, url


def test_renamed_category_shows_on_its_archive_and_posts_only(demo_site):
    category = BlogCategory.objects.filter(posts__isnull=False).first()
    archive = f"/blog/category/{category.slug}/"
    visit(archive, POST_URL, "/contact/")
    category.name = "Renamed Category"
    category.save()
    after = visit(archive, "/contact/")
    assert "Renamed Category" in after[archive][1]
    assert after["/contact/"][0] == "hit"


def test_change_made_on_another_app_server_is_seen_here(demo_site):
    """The memo of this process is stale; the shared version tells it so."""
    Client().get("/about/")
    this_servers_memory = dict(memo._store)
    about = Page.objects.get(slug="about").specific
    about.title = "About the practice"
    about.save_revision().publish()  # as if on another server
    memo._store.update(this_servers_memory)
    html = Client().get("/fees-and-insurance/").content.decode()
    assert ">About the practice<" in html  # the menu, recomputed from the new version
