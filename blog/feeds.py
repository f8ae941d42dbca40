"""RSS 2.0 feeds of blog posts, built with Django's syndication framework."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed


class PostsFeed(Feed):
    """A feed of the given posts; BlogIndexPage serves one for the blog and one per category.

    Django escapes every title and description and makes links absolute.
    """

    feed_type = Rss201rev2Feed
    language = "en-us"

    def __init__(self, *, title, link, description, posts):
        super().__init__()
        self.title = title
        self.link = link
        self.description = description or title
        self.posts = posts

    def get_object(self, request, *args, **kwargs):
        self.request = request  # so links use the site's own root URL, as pages do
        return None

    def items(self):
        return self.posts

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        # A feed reader shows no page around the post: the content note leads the description.
        if post.content_note_label:
            return f"Content note: {post.content_note_label}. {post.intro}"
        return post.intro

    def item_link(self, post):
        return post.get_full_url(self.request)

    def item_pubdate(self, post):
        # The publication date has no time of day: call it midnight in the practice's zone.
        return timezone.make_aware(datetime.datetime.combine(post.date, datetime.time()))

    def item_updateddate(self, post):
        if post.updated:
            return timezone.make_aware(datetime.datetime.combine(post.updated, datetime.time()))
        return None

    def item_author_name(self, post):
        return ", ".join(clinician.title for clinician in post.authors) or None

    def item_categories(self, post):
        return [category.name for category in post.categories.all()]
