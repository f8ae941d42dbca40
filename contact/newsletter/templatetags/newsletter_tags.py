from django import template

from contact.newsletter.forms import SignupForm

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_signup_form(context, form=None, place="footer"):
    """The given signup form (bound, with errors) or a fresh one for this place on the page.

    The fresh form records the page's path as the consent source: the same for
    every visitor of that page, so whole-page caching stays possible.
    """
    if form:  # an unset variable arrives as ""
        return form
    request = context.get("request")
    return SignupForm(place=place, initial={"source": request.path if request else ""})
