from django import template
from wagtail.models import Site

from mindful.memo import memoised

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Home, then the site root's live children marked "Show in menus", in tree order.

    The editor's "Show in menus" switch decides what appears; no menu model needed.
    """
    return menu(context)


def menu(context):
    """The menu's items, each with its `aria-current` state, and whether this is search."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    url_name = getattr(getattr(request, "resolver_match", None), "url_name", "")
    searching = url_name == "search"
    if site is None:
        return {"menu_items": [], "searching": searching}
    root = site.root_page
    current_path = getattr(context.get("page"), "path", "")
    # The same for every page until something is published (mindful.memo).
    pages = memoised(
        f"menu:{site.pk}", lambda: [root, *root.get_children().live().public().in_menu()]
    )
    items = []
    for page in pages:
        if page.path == current_path:
            state = "page"
        elif page.pk != root.pk and current_path.startswith(page.path):
            state = "true"  # a section the current page lives in
        else:
            state = ""
        items.append({"page": page, "current": state})
    return {"menu_items": items, "searching": searching}


@register.simple_tag(takes_context=True)
def menu_place(context):
    """Everything the header shows that is not published content: the menu's states. The
    header is memoised per place (templates/includes/header.html)."""
    states = menu(context)
    return "|".join([*(item["current"] for item in states["menu_items"]), str(states["searching"])])


@register.filter
def tel(phone):
    """A phone number as a tel: link wants it: digits, with a leading + kept."""
    phone = str(phone).strip()
    digits = "".join(character for character in phone if character.isdigit())
    return f"+{digits}" if phone.startswith("+") else digits
