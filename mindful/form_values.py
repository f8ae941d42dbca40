"""The per-visitor values of a form, handed out apart from the (cached) page that holds it.

Pages are cached whole, so the forms in them carry no CSRF token and an old render time.
`static/js/site.js` asks `/form-values/` for fresh ones as the page loads and writes
each value into the hidden inputs marked `data-fresh="<name>"`. Another per-visitor value
(a one-time submission key, say) is one more entry in `fresh_form_values()` and one more
hidden input with that `data-fresh` name.

Without JavaScript the form posts without a token; `mindful.views.csrf_failure` then shows
the form's entries again with a fresh token, so nobody's message is lost.
"""

from django.middleware.csrf import get_token

from mindful.spam import fresh_rendered_at

CSRF_FIELD = "csrfmiddlewaretoken"


def fresh_form_values(request):
    """Name -> value for every `data-fresh` hidden input; sets the CSRF cookie if missing."""
    return {
        CSRF_FIELD: get_token(request),
        "rendered_at": fresh_rendered_at(),
    }
