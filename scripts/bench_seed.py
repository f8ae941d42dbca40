# Run by scripts/bench through `manage.py shell`: grow the demo site to BENCH_POSTS posts
# (default 10,000) with bulk inserts, and print how long it took. Idempotent: tops up.
import os
import time

from django.apps import apps
from taggit.models import Tag
from wagtail.models import Page

from blog.bulk_posts import bulk_create_posts, dated_posts
from mindful.demo import paragraphs

target = int(os.environ.get("BENCH_POSTS", "10000"))
BlogIndexPage = apps.get_model("blog", "BlogIndexPage")
BlogPostPage = apps.get_model("blog", "BlogPostPage")
BlogCategory = apps.get_model("blog", "BlogCategory")
ClinicianPage = apps.get_model("services", "ClinicianPage")

started = time.monotonic()
existing = BlogPostPage.objects.count()
missing = max(0, target - existing)
if missing:
    index = BlogIndexPage.objects.get()
    body = paragraphs("<p>" + "Therapy helps people change. " * 60 + "</p>")
    posts = dated_posts(missing, prefix=f"Bench post {existing}", body=body)
    # Every seeded post shares the demo post's category, tags and authors: the worst case
    # for related posts, archives and an author's page.
    bulk_create_posts(
        index,
        posts,
        authors=list(ClinicianPage.objects.order_by("path")[:1]),
        categories=list(BlogCategory.objects.order_by("pk")[:1]),
        tags=list(Tag.objects.order_by("pk")[:2]),
    )
seconds = time.monotonic() - started
print(
    f"seeded {missing} posts in {seconds:.1f} s "
    f"(posts: {BlogPostPage.objects.count()}, pages: {Page.objects.count()})"
)
