"""What a change makes stale, and clearing it: cached pages (mindful.page_cache) and the
per-process memo (mindful.memo).

A page that is published, unpublished, moved, renamed or deleted clears its own address
and everything under it (its routes, its children's breadcrumbs), the pages above it
(they list it), its section when it lives inside one (a post: the blog index with its
archives, feeds and the other posts' "related" lists), the pages it names or that name it
(Wagtail's reference index: a post's authors, the home page's featured services, plus a
page's own `cache_dependents()`), and the sitemap and search. A top-level page can sit in
the menu of every page, and settings appear on every page: those clear everything.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_slug_changed, page_unpublished, post_page_move, pre_page_move

from mindful import memo
from mindful.page_cache import purge, purge_everything

# Pages that list every page of the site, whatever changed.
SITE_WIDE_LISTINGS = ["/sitemap.xml", "/sitemap-pages.xml", "/search/"]
# A save touching only these is a draft or a lock: the live page is unchanged.
DRAFT_ONLY_FIELDS = {
    "comments",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}


def page_path(page):
    """The page's address on its site ('/blog/a-post/'), or None when it has none."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def _referencing_pages(page):
    """Pages that name this page, and pages this page names, in Wagtail's reference index."""
    pages = [
        source
        for source, _refs in ReferenceIndex.get_references_to(page).group_by_source_object()
        if isinstance(source, Page)
    ]
    page_type = ContentType.objects.get_for_model(Page)
    named = ReferenceIndex.get_references_for_object(page).filter(to_content_type=page_type)
    pages += Page.objects.filter(pk__in=[int(ref.to_object_id) for ref in named])
    return pages


def purge_page(page):
    """Clear every cached page that shows `page` (see the module docstring)."""
    path = page_path(page)
    if path is None:
        return
    if path == "/" or path.count("/") == 2:  # the home page, or a top-level page
        purge_everything()
        return
    paths = set(SITE_WIDE_LISTINGS)
    trees = {path}
    ancestors = page.get_ancestors()
    for ancestor in ancestors:
        ancestor_path = page_path(ancestor)
        if ancestor_path:
            paths.add(ancestor_path)
    parent = ancestors.last()
    parent_path = page_path(parent) if parent else None
    if parent_path and parent_path != "/":
        trees.add(parent_path)  # the section: index, archives, feeds, siblings
    own_dependents = getattr(page.specific, "cache_dependents", list)
    dependents = [*_referencing_pages(page), *own_dependents()]
    trees.update(filter(None, (page_path(dependent) for dependent in dependents)))
    purge(paths=sorted(paths), trees=sorted(trees))


def purge_section(index_page):
    """A term of this section (a category, a specialty) changed: clear the section and home."""
    if index_page is not None and (path := page_path(index_page)):
        purge(paths=["/", *SITE_WIDE_LISTINGS], trees=[path])


def _page_changed(page):
    memo.forget_everything()
    purge_page(page)


def on_save(sender, instance, update_fields=None, **kwargs):
    if isinstance(instance, Page):
        if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
            return
        _page_changed(instance)
    elif isinstance(instance, (BaseGenericSetting, BaseSiteSetting, Site)):
        memo.forget_everything()
        purge_everything()
    elif isinstance(instance, PageViewRestriction):
        _page_changed(instance.page)


def on_delete(sender, instance, **kwargs):
    """Connected for Page itself: deleting any page deletes its base row (and its subtree's)."""
    if isinstance(instance, Page):
        _page_changed(instance)
    elif isinstance(instance, Site):
        memo.forget_everything()
        purge_everything()


def on_restriction_deleted(sender, instance, **kwargs):
    _page_changed(instance.page)


def on_move(sender, instance, **kwargs):
    _page_changed(instance)  # before the move: the old address; after: the new one


def on_slug_changed(sender, instance, instance_before, **kwargs):
    _page_changed(instance_before)


def on_unpublished(sender, instance, **kwargs):
    _page_changed(instance)


def connect():
    """Listen by sender where deletes are concerned: a delete listener on every model would
    stop Django's fast bulk deletes (purge_inquiries is one query). Called as the models load
    (mindful.models), since connecting needs the model classes."""
    post_save.connect(on_save, dispatch_uid="mindful.invalidation.save")
    for model in (Page, Site):
        pre_delete.connect(on_delete, sender=model, dispatch_uid=f"invalidation.delete.{model}")
    post_delete.connect(
        on_restriction_deleted,
        sender=PageViewRestriction,
        dispatch_uid="mindful.invalidation.restriction",
    )
    pre_page_move.connect(on_move, dispatch_uid="mindful.invalidation.pre_move")
    post_page_move.connect(on_move, dispatch_uid="mindful.invalidation.post_move")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="mindful.invalidation.slug")
    page_unpublished.connect(on_unpublished, dispatch_uid="mindful.invalidation.unpublished")
