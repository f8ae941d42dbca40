"""{% memo %}: a fragment rendered once per app server until something is published.

Some parts of a page are the same for every anonymous visitor and change only when an
editor publishes or edits a setting or snippet: the footer, the empty signup and comment
forms. On a cold post page they were a third of the rendering time (the Django form
widgets and a `slugurl` query). `mindful.memo` keeps the rendered HTML in each process
and drops it with everything else it keeps when something is published.

    {% memo "footer-contact" [vary ...] %}…{% endmemo %}

The fragment must depend only on its name, its vary values, the host and published
content. Vary values must come from a small set (a form's place on a page, never a path):
each combination stays in memory. Only anonymous GETs use the memo: a form sent back with
the visitor's entries and errors answers a POST, and signed-in editors see their own
CSRF tokens, so those render as usual.
"""

from django import template

from mindful.memo import memoised

register = template.Library()


@register.tag
def memo(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% memo %} needs a name.")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits])


class MemoNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        user = getattr(request, "user", None)
        if (
            request is None
            or request.method != "GET"
            or (user is not None and user.is_authenticated)
        ):
            return self.nodelist.render(context)
        parts = [request.get_host(), *(str(part.resolve(context)) for part in self.parts)]
        return memoised("fragment:" + "|".join(parts), lambda: self.nodelist.render(context))
