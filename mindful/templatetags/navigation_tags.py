from django import template
from wagtail.models import Site

from mindful.memo import memoised

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """Home, then the site root's live children marked "Show in menus", in tree order.

    The editor's "Show in menus" switch decides what appears; no menu model needed.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"menu_items": []}
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
        elif page is not root and current_path.startswith(page.path):
            state = "true"  # a section the current page lives in
        else:
            state = ""
        items.append({"page": page, "current": state})
    return {"menu_items": items}


@register.filter
def tel(phone):
    """A phone number as a tel: link wants it: digits, with a leading + kept."""
    phone = str(phone).strip()
    digits = "".join(character for character in phone if character.isdigit())
    return f"+{digits}" if phone.startswith("+") else digits
