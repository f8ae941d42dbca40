"""Staff pass the second sign-in step over HTTP as a person would (for tests against real
servers): the first sign-in sets up an authenticator app from the key the set-up page shows
and keeps the recovery codes it then shows; later sign-ins type one of those codes (an app
code works once per 30 seconds, recovery codes whenever)."""

import base64
import re

from django_otp.oath import totp

SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"

# Recovery codes shown at set-up, kept per (site, username) for that user's later sign-ins.
RECOVERY_CODES = {}


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def pass_second_step(get, post, user_key):
    """`get(path)` and `post(path, data)` talk to the site as the user who has just
    given their password; `user_key` names that user on that site."""
    recovery_codes = RECOVERY_CODES.setdefault(user_key, [])
    page = get(SETUP)
    secret = re.search(r"<code>([A-Z2-7 ]{16,})</code>", page.text) if page.ok else None
    if secret:
        key = base64.b32decode(secret.group(1).replace(" ", ""))
        response = post(SETUP, {"csrfmiddlewaretoken": csrf_token(page.text),
                                "code": f"{totp(key):06d}"})  # fmt: skip
        assert response.status_code == 200, response.text[:2000]
        recovery_codes[:] = re.findall(r"<li><code>(\w+)</code></li>", response.text)
        assert recovery_codes, "the set-up page showed no recovery codes"
        return
    page = get(VERIFY)
    assert page.status_code == 200, page.status_code
    response = post(VERIFY, {"csrfmiddlewaretoken": csrf_token(page.text),
                             "code": recovery_codes.pop()})  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
