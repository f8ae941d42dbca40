"""Creating many published posts at once, for `make bench` and the query-budget tests.

Wagtail's `add_child()` saves one post at a time (a tree update, a revision, a search
entry, a reference-index update each): about 20 posts a second. Here the page rows are
inserted with `bulk_create` (tree paths computed as treebeard does), the blog columns
with one multi-row INSERT per batch (Django cannot bulk-create a child of multi-table
inheritance), then authors, categories, tags and search entries in bulk. The posts are
live, with no revisions: as if imported, not edited.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .models import BlogPostAuthor, BlogPostPage, BlogPostTag

BATCH = 1000


def _child_table_rows(posts):
    fields = BlogPostPage._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    values = [
        [f.get_db_prep_save(getattr(post, f.attname), connection) for f in fields] for post in posts
    ]
    return columns, placeholders, values


def bulk_create_posts(index, posts, *, authors=(), categories=(), tags=(), search_index=True):
    """Publish unsaved BlogPostPage objects (title, slug, date, intro, body set) under `index`.

    Every post gets all of `authors` (clinician pages), `categories` and `tags` (Tag
    objects); tests and the benchmark want the worst case for related posts and archives.
    `search_index=False` leaves them out of site search (quicker, for query-count tests).
    """
    content_type = ContentType.objects.get_for_model(BlogPostPage)
    now = timezone.now()
    with transaction.atomic():
        index = Page.objects.select_for_update().get(pk=index.pk)
        last = index.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) if last else 0
        for start in range(0, len(posts), BATCH):
            batch = posts[start : start + BATCH]
            for post in batch:
                step += 1
                post.path = Page._get_path(index.path, index.depth + 1, step)
                post.depth = index.depth + 1
                post.numchild = 0
                post.url_path = f"{index.url_path}{post.slug}/"
                post.content_type = content_type
                post.locale_id = index.locale_id
                post.live = True
                post.has_unpublished_changes = False
                post.draft_title = post.title
                post.first_published_at = post.last_published_at = now
            page_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
            page_rows = Page.objects.bulk_create(
                Page(**{name: getattr(post, name) for name in page_fields}) for post in batch
            )
            for post, row in zip(batch, page_rows, strict=True):
                post.pk = post.page_ptr_id = post.id = row.pk
            columns, placeholders, values = _child_table_rows(batch)
            table = connection.ops.quote_name(BlogPostPage._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 (names, not data)
                    + ", ".join([placeholders] * len(values)),
                    [value for row in values for value in row],
                )
            BlogPostAuthor.objects.bulk_create(
                BlogPostAuthor(post_id=post.pk, clinician_id=clinician.pk, sort_order=order)
                for post in batch
                for order, clinician in enumerate(authors)
            )
            through = BlogPostPage.categories.through
            through.objects.bulk_create(
                through(blogpostpage_id=post.pk, blogcategory_id=category.pk)
                for post in batch
                for category in categories
            )
            BlogPostTag.objects.bulk_create(
                BlogPostTag(content_object_id=post.pk, tag_id=tag.pk)
                for post in batch
                for tag in tags
            )
            if search_index:
                get_search_backend().add_bulk(BlogPostPage, batch)
        Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())
    return posts


def dated_posts(count, *, first_date=datetime.date(2000, 1, 1), prefix="Bulk post", body=None):
    """`count` unsaved posts, one a day from `first_date`, with distinct slugs and words."""
    topics = ["anxiety", "sleep", "grief", "couples", "parenting", "burnout", "trauma", "mood"]
    return [
        BlogPostPage(
            title=f"{prefix} {number}",
            slug=f"{prefix.lower().replace(' ', '-')}-{number}",
            date=first_date + datetime.timedelta(days=number),
            intro=f"A post about {topics[number % len(topics)]}, number {number}.",
            body=body or [],
        )
        for number in range(count)
    ]
