"""Wagtail's lookups that run on every page, memoised per process (see mindful.memo).

Which site a host belongs to (with its home page), the sites' root paths, and the list of
private sections change only when an editor saves a site, a page or a privacy setting;
`mindful.invalidation` then replaces the shared memo version. Installed once, from
MindfulConfig.ready().
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from mindful.memo import forget_everything, memoised

_find_site = Site._find_for_request
_site_root_paths = Site.get_site_root_paths
_clear_site_root_paths = Site.clear_site_root_paths_cache
_view_restrictions = Page.get_view_restrictions


def _site_with_home(request):
    site = _find_site(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 (fetched now, kept with the site)
    return site


def find_site_for_request(request):
    host, port = request._get_raw_host(), request.get_port()
    return memoised(f"site:{host}:{port}", lambda: _site_with_home(request))


def site_root_paths():
    return memoised("site-root-paths", _site_root_paths)


def clear_site_root_paths():
    _clear_site_root_paths()
    forget_everything()


def private_sections():
    """(path, depth) of every page with a view restriction; usually none."""
    return memoised(
        "private-sections",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth")),
    )


def private_q(queryset):
    q = Q()
    for path, depth in private_sections():
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])


def get_view_restrictions(page):
    if not private_sections():
        return PageViewRestriction.objects.none()
    return _view_restrictions(page)


def install():
    Site._find_for_request = staticmethod(find_site_for_request)
    Site.get_site_root_paths = staticmethod(site_root_paths)
    Site.clear_site_root_paths_cache = staticmethod(clear_site_root_paths)
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions
