"""The <head> tags search engines and link previews read, filled the same way on every page.

Templates fill blocks (title, description, canonical, robots, og_type) inside
`{% seo "name" %}…{% endseo %}`; the captured text is kept in the context, and
`includes/seo_meta.html` writes the description, Open Graph and Twitter tags from it.
"""

from django import template
from django.utils.html import escape

from mindful.models import PracticeSettings
from mindful.seo import absolute_url, page_description, plain_text

register = template.Library()

SHARE_IMAGE_FILTER = "fill-1200x630|format-jpeg"


class SeoNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        text = plain_text(self.nodelist.render(context))
        # The root context, so that tags rendered later in <head> can read it.
        context.dicts[0].setdefault("seo", {})[self.name] = text
        if self.name != "title":
            return ""
        practice = PracticeSettings.load(request_or_site=context.get("request"))
        return escape(practice.page_title(text))


@register.tag
def seo(parser, token):
    """`{% seo "title" %}…{% endseo %}`: capture a value for the page's <head> tags.

    "title" prints the title through the practice's title pattern; other names print nothing.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('Usage: {% seo "name" %}…{% endseo %}')
    nodelist = parser.parse(("endseo",))
    parser.delete_first_token()
    return SeoNode(bits[1].strip("\"'"), nodelist)


@register.simple_tag
def describe(page):
    """`{% describe page %}`: its own description, else its intro, else its first paragraph."""
    return page_description(page)


@register.simple_tag(takes_context=True)
def default_share_image(context):
    """The practice's default share image as {"url", "alt", "width", "height"}, or None."""
    request = context.get("request")
    practice = PracticeSettings.load(request_or_site=request)
    if practice.share_image is None or request is None:
        return None
    rendition = practice.share_image.get_rendition(SHARE_IMAGE_FILTER)
    return {
        "url": absolute_url(request, rendition.url),
        "alt": practice.share_image.default_alt_text,
        "width": rendition.width,
        "height": rendition.height,
    }
