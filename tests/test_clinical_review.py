"""Clinical review: a clinician who did not write a post approves it, and readers see who did."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPostPage, ClinicalReview
from blog.reports import posts_due_for_review
from tests.blog_factories import add_clinician, add_post, build_blog
from tests.schema_org import invalid_properties, json_ld_blocks

pytestmark = pytest.mark.django_db


def clinician_user(username, group, clinician=None):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group))
    if clinician is not None:
        clinician.user = user
        clinician.save()
    return user


@pytest.fixture
def team():
    """A blog, its author (a Moderator, so Wagtail alone would let her publish) and a reviewer."""
    blog, tabitha, _ = build_blog()
    sam = add_clinician(
        blog.get_parent().get_children().get(slug="clinicians"), "sam-lee", "Dr. Sam Lee"
    )
    sam.profession = "licensed psychologist"
    sam.save_revision().publish()
    author = clinician_user("tabitha", "Moderators", tabitha)
    reviewer = clinician_user("sam", "Editors", sam)
    return blog, tabitha, author, reviewer


def body_form(post):
    """The body as the admin posts it back unedited: the block's id and paragraph keys kept."""
    if not post.live:
        return streamfield([("paragraph", rich_text("<p>Therapy helps.</p>"))])
    block = post.body.raw_data[0]
    form = streamfield([("paragraph", rich_text(block["value"]))])
    form["0"]["id"] = block["id"]
    return form


def edit_form(post, **overrides):
    data = {
        "title": post.title,
        "slug": post.slug,
        "intro": post.intro,
        "content_note": "",
        "content_note_text": "",
        "hero_image": "",
        "hero_image_alt": "",
        "body": body_form(post),
        "post_authors": inline_formset(
            [{"clinician": row.clinician_id, "id": row.pk} for row in post.post_authors.all()],
            initial=post.post_authors.count(),
        ),
        "date": post.date.isoformat(),
        "updated": "",
        "tags": "",
        "comments_open": "on",
    }
    data.update(overrides)
    return nested_form_data(data)


def draft(blog, tabitha, author):
    post = add_post(blog, "Sleep and Mood", authors=[tabitha], live=False)
    post.owner = author
    post.save()
    return post


def submit(client, post, user, **form):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    return client.post(url, {**edit_form(post, **form), "action-submit": "submit"})


def approve(client, post, user):
    client.force_login(user)
    task_state = BlogPostPage.objects.get(pk=post.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a message on the dashboard."""
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    return any("do not have permission" in message for message in messages)


def test_a_new_blog_is_under_the_clinical_review_workflow(team):
    blog = team[0]
    workflow = blog.get_workflow()
    assert workflow == Workflow.objects.get(name="Clinical review")
    assert [task.specific.__class__.__name__ for task in workflow.tasks] == ["ClinicalReviewTask"]
    assert {group.name for group in workflow.tasks[0].specific.groups.all()} == {
        "Editors",
        "Moderators",
    }


def test_author_cannot_publish_her_post_directly(client, team):
    blog, tabitha, author, _ = team
    post = draft(blog, tabitha, author)
    client.force_login(author)
    url = reverse("wagtailadmin_pages:edit", args=[post.pk])
    assert 'name="action-publish"' not in client.get(url).content.decode()

    client.post(url, {**edit_form(post), "action-publish": "publish"})

    post.refresh_from_db()
    assert not post.live
    assert client.get("/blog/sleep-and-mood/").status_code == 404


def test_an_administrator_cannot_publish_a_post_directly_either(client, team):
    blog, tabitha, author, _ = team
    post = draft(blog, tabitha, author)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        {**edit_form(post), "action-publish": "publish"},
    )
    post.refresh_from_db()
    assert not post.live


def test_a_new_post_cannot_be_created_and_published_in_one_go(client, team):
    blog, tabitha, author, _ = team
    client.force_login(author)
    url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", blog.pk])
    assert 'name="action-publish"' not in client.get(url).content.decode()
    data = nested_form_data(
        {
            "title": "Brand New",
            "slug": "brand-new",
            "intro": "New.",
            "content_note": "",
            "content_note_text": "",
            "hero_image": "",
            "hero_image_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>Hello.</p>"))]),
            "post_authors": inline_formset([{"clinician": tabitha.pk}]),
            "date": "2026-03-01",
            "updated": "",
            "tags": "",
            "comments_open": "on",
        }
    )
    client.post(url, {**data, "action-publish": "publish"})
    assert not BlogPostPage.objects.get(slug="brand-new").live


def test_author_cannot_approve_her_own_post(client, team):
    blog, tabitha, author, _ = team
    post = draft(blog, tabitha, author)
    submit(client, post, author)
    assert BlogPostPage.objects.get(pk=post.pk).workflow_in_progress

    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content.decode()
    assert "Approve" not in edit_page
    response = approve(client, post, author)

    assert refused(response)
    post.refresh_from_db()
    assert not post.live
    assert not ClinicalReview.objects.exists()


def test_byline_author_cannot_approve_a_post_someone_else_created(client, team):
    blog, tabitha, author, reviewer = team
    post = add_post(blog, "Grief", authors=[tabitha], live=False)
    post.owner = reviewer  # an administrator typed it in for her
    post.save()
    submit(client, post, reviewer)
    assert refused(approve(client, post, author))
    assert not BlogPostPage.objects.get(pk=post.pk).live


def test_another_clinician_approves_publishes_and_is_named_on_the_post(client, team):
    blog, tabitha, author, reviewer = team
    post = draft(blog, tabitha, author)
    submit(client, post, author)

    approve(client, post, reviewer)

    post.refresh_from_db()
    assert post.live
    review = ClinicalReview.objects.get(post=post)
    assert review.reviewer == reviewer
    today = timezone.localdate()
    html = client.get("/blog/sleep-and-mood/").content.decode()
    expected_date = f"{today.day} {today:%B %Y}"
    assert (
        'Reviewed by <a href="/clinicians/sam-lee/">Dr. Sam Lee</a>, licensed psychologist '
        f'· Last reviewed <time datetime="{today.isoformat()}">{expected_date}</time>'
    ) in html

    [[posting, _breadcrumbs]] = json_ld_blocks(html)
    assert posting["@type"] == ["BlogPosting", "MedicalWebPage"]
    assert posting["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr. Sam Lee",
        "jobTitle": "licensed psychologist",
        "url": "http://localhost/clinicians/sam-lee/",
    }
    assert posting["lastReviewed"] == today.isoformat()
    assert posting["headline"] == "Sleep and Mood"  # still a valid BlogPosting
    assert invalid_properties(posting) == []


def test_review_date_is_the_approval_date_not_today(client, team):
    blog, tabitha, author, reviewer = team
    post = add_post(blog, "Anxiety at Night", authors=[tabitha])
    ClinicalReview.objects.create(
        post=post,
        reviewer=reviewer,
        reviewer_name="Dr. Sam Lee",
        reviewer_profession="licensed psychologist",
        reviewed_at=timezone.make_aware(datetime.datetime(2026, 3, 12, 15)),
    )
    html = client.get("/blog/anxiety-at-night/").content.decode()
    assert "Reviewed by Dr. Sam Lee, licensed psychologist · Last reviewed" in html
    assert '<time datetime="2026-03-12">12 March 2026</time>' in html
    [[posting, _breadcrumbs]] = json_ld_blocks(html)
    assert posting["lastReviewed"] == "2026-03-12"


def test_unreviewed_post_says_nothing_about_review(client, team):
    blog, tabitha, *_ = team
    add_post(blog, "Unreviewed", authors=[tabitha])
    html = client.get("/blog/unreviewed/").content.decode()
    assert "Reviewed by" not in html
    [[posting, _breadcrumbs]] = json_ld_blocks(html)
    assert posting["@type"] == "BlogPosting"
    assert "reviewedBy" not in posting


def test_reviewer_re_approves_an_unchanged_post_on_their_own(client, team):
    blog, tabitha, author, reviewer = team
    post = draft(blog, tabitha, author)
    submit(client, post, author)
    approve(client, post, reviewer)
    first = ClinicalReview.objects.get()
    ClinicalReview.objects.filter(pk=first.pk).update(
        reviewed_at=timezone.now() - datetime.timedelta(days=400)
    )
    post = BlogPostPage.objects.get(pk=post.pk)
    body_before = list(post.body.raw_data)

    submit(client, post, reviewer)  # no edits: the same words, a fresh look
    assert not refused(approve(client, post, reviewer))

    post = BlogPostPage.objects.get(pk=post.pk)
    assert post.live
    assert list(post.body.raw_data) == body_before
    assert ClinicalReview.objects.count() == 2
    assert post.latest_review.reviewed_at.date() == timezone.localdate()
    assert post not in posts_due_for_review()


def test_reviewer_cannot_approve_their_own_changes(client, team):
    blog, tabitha, author, reviewer = team
    post = draft(blog, tabitha, author)
    submit(client, post, author)
    approve(client, post, reviewer)
    post = BlogPostPage.objects.get(pk=post.pk)

    submit(client, post, reviewer, intro="A rewritten introduction.")

    assert refused(approve(client, post, reviewer))
    assert BlogPostPage.objects.get(pk=post.pk).intro != "A rewritten introduction."
    assert WorkflowState.objects.filter(status="in_progress").count() == 1


def review(post, days_ago):
    ClinicalReview.objects.create(
        post=post,
        reviewer_name="Dr. Sam Lee",
        reviewed_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_due_report_lists_live_posts_not_reviewed_for_a_year_oldest_first(team):
    blog, tabitha, *_ = team
    never = add_post(blog, "Never Reviewed", authors=[tabitha])
    old = add_post(blog, "Old", authors=[tabitha])
    older = add_post(blog, "Older", authors=[tabitha])
    fresh = add_post(blog, "Fresh", authors=[tabitha])
    hidden = add_post(blog, "Draft", authors=[tabitha], live=False)
    review(old, 400)
    review(older, 800)
    review(older, 500)
    review(fresh, 30)
    review(fresh, 900)  # reviewed again since: not due
    review(hidden, 900)

    assert list(posts_due_for_review()) == [never, older, old]


def test_due_period_comes_from_settings(settings, team):
    blog, tabitha, *_ = team
    post = add_post(blog, "Monthly", authors=[tabitha])
    review(post, 45)
    assert post not in posts_due_for_review()
    settings.CLINICAL_REVIEW_INTERVAL_DAYS = 30
    assert post in posts_due_for_review()


def seed_posts(blog, tabitha, count, start=0):
    for number in range(start, start + count):
        post = add_post(blog, f"Post {number}", slug=f"post-{number}", authors=[tabitha])
        review(post, 400 + number)


def report_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("blog_reports:due_for_review"))
    assert response.status_code == 200
    return response, len(queries)


def test_due_report_in_the_admin_at_two_data_sizes(client, team):
    blog, tabitha, author, _ = team
    client.force_login(author)
    seed_posts(blog, tabitha, 2)
    small, small_count = report_queries(client)
    assert "Due for clinical review" in small.content.decode()
    assert small.content.decode().index("Post 1") < small.content.decode().index("Post 0")

    seed_posts(blog, tabitha, 30, start=2)
    large, large_count = report_queries(client)

    assert "Post 31" in large.content.decode()
    assert "Dr. Tabitha Moss" in large.content.decode()
    assert large_count == small_count
    # Session, user, the verified second-factor device, permissions and the admin's own lookups,
    # then the report: a count, the page of posts and one query for all their authors, however
    # many posts there are.
    assert small_count == large_count == 13


def test_due_report_needs_the_clinicians_permission(client, team):
    nobody = get_user_model().objects.create_user("nobody", "n@example.com", "pw")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    response = client.get(reverse("blog_reports:due_for_review"))
    assert response.status_code in (302, 403)
