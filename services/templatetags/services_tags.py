from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def term_url(context, services_index, term):
    """`{% term_url services_index specialty as href %}`: the page listing what matches a term.

    Empty when the site has no live services index to list it under.
    """
    if services_index is None:
        return ""
    return services_index.term_url(term, context.get("request"))
