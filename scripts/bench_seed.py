# Run by scripts/bench through `manage.py shell`: grow the demo site into a large one.
# Idempotent: it tops the data set up to the target sizes.
import datetime

from django.apps import apps
from wagtail.models import Page

from mindful.demo import paragraphs

TARGET_POSTS = 500

BlogIndexPage = apps.get_model("blog", "BlogIndexPage")
BlogPostPage = apps.get_model("blog", "BlogPostPage")
index = BlogIndexPage.objects.get()
existing = BlogPostPage.objects.count()
for number in range(existing, TARGET_POSTS):
    post = BlogPostPage(
        title=f"Bench post {number}",
        slug=f"bench-post-{number}",
        date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
        intro="A seeded post for the benchmark.",
        body=paragraphs("<p>" + "Therapy helps people change. " * 60 + "</p>"),
    )
    index.add_child(instance=post)
print(f"posts: {BlogPostPage.objects.count()}, pages: {Page.objects.count()}")
