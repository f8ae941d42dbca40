"""Public mailing-list pages: sign up, check your inbox, confirm, unsubscribe."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from contact.newsletter import subscriptions
from contact.newsletter.forms import CONSENT_VERSION, SignupForm
from contact.newsletter.models import Subscriber
from contact.newsletter.tokens import CONFIRM, UNSUBSCRIBE, ExpiredToken, InvalidToken, read_token
from mindful.spam import client_address_hash, is_rate_limited

# Signups one network address may send per hour before it is asked to wait.
SIGNUPS_PER_CLIENT_PER_HOUR = 20


def render_signup(request, form, status=200):
    return render(
        request,
        "newsletter/signup_page.html",
        {"newsletter_form": form, "hide_footer_signup": True},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def signup(request):
    """GET shows the form; a valid POST always leads to the same "check your inbox" page."""
    if request.method == "GET":
        return render_signup(request, SignupForm())
    form = SignupForm(request.POST)
    if not form.is_valid():
        return render_signup(request, form, status=400)
    if is_rate_limited(
        "newsletter-signup", client_address_hash(request), SIGNUPS_PER_CLIENT_PER_HOUR, 3600
    ):
        form.add_error(
            None,
            _(
                "We received many signups from your network in a short time. "
                "Please try again in an hour."
            ),
        )
        return render_signup(request, form, status=429)
    subscriptions.subscribe(
        email=form.cleaned_data["email"],
        first_name=form.cleaned_data["first_name"],
        source=form.cleaned_data["source"] or request.path,
        consent_version=CONSENT_VERSION,
        is_spam=form.is_spam,
    )
    # A spam signup gets the same answer, so a bot learns nothing.
    return redirect("newsletter:check_inbox")


def check_inbox(request):
    return render(request, "newsletter/check_inbox.html")


def bad_link(request, error, purpose):
    """Expired links get 410 and a fresh form; forged or broken ones 400."""
    expired = isinstance(error, ExpiredToken)
    context = {
        "expired": expired,
        "purpose": purpose,
        "newsletter_form": SignupForm(),
        "hide_footer_signup": True,
    }
    return render(request, "newsletter/bad_link.html", context, status=410 if expired else 400)


@require_http_methods(["GET"])
def confirm(request, token):
    """Opening the emailed link confirms; a second visit shows the same page."""
    try:
        subscriber = read_token(token, CONFIRM, Subscriber.objects.all())
    except InvalidToken as error:
        return bad_link(request, error, "confirm")
    if not subscriptions.confirm(subscriber):
        # Unsubscribed or bounced since: a new signup (and confirmation) is needed.
        return bad_link(request, InvalidToken(), "confirm")
    return render(request, "newsletter/confirmed.html")


@csrf_exempt  # RFC 8058: mail apps POST here with no cookie and no token but the link's own
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET asks (mail scanners follow links); only POST unsubscribes, answering 200."""
    try:
        subscriber = read_token(token, UNSUBSCRIBE, Subscriber.objects.all())
    except InvalidToken as error:
        return bad_link(request, error, "unsubscribe")
    if request.method == "POST":
        subscriptions.unsubscribe(subscriber)
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"token": token})
