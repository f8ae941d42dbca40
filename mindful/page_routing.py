"""Faster routing from an index page to its children, and from the home page to its own.

Wagtail's `Page.route` finds a child in two queries (the page, then its specific type) at
every level of the address. An index whose children are all of one type (posts,
services, clinicians) can fetch the child as that type in one query, with what its page
shows first (the hero image). The home page's children change only on publish, so they
are memoised per process (mindful.memo). A post thus costs one routing query, not four.
"""

from django.http import Http404

from mindful.memo import memoised


def _is_own_route(page, path_components):
    """Does a RoutablePageMixin page answer this path itself (e.g. /blog/feed/)?"""
    if not hasattr(page, "resolve_subpage"):
        return False
    try:
        page.resolve_subpage("/" + "/".join(path_components) + "/")
    except Http404:
        return False
    return True


def _continue(child, parent, request, path_components):
    child._cached_parent_obj = parent  # get_parent() then needs no query
    return child.route(request, path_components[1:])


class OneTypeOfChildMixin:
    """For an index page whose `subpage_types` names one page type."""

    # Related objects every child page shows, fetched with it.
    child_select_related = ()

    def route(self, request, path_components):
        if not path_components or _is_own_route(self, path_components):
            return super().route(request, path_components)
        [child_model] = type(self).allowed_subpage_models()
        child = (
            child_model.objects.child_of(self)
            .select_related(*self.child_select_related)
            .filter(slug=path_components[0])
            .first()
        )
        if child is None:
            raise Http404
        return _continue(child, self, request, path_components)


class MemoisedChildrenMixin:
    """For the home page: its children (blog, services, contact…), specific, per process."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        children = memoised(
            f"children:{self.pk}",
            lambda: {child.slug: child for child in self.get_children().specific()},
        )
        child = children.get(path_components[0])
        if child is None:
            raise Http404
        return _continue(child, self, request, path_components)
