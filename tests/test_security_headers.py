"""Security headers on every response: the strict policy on public URLs, the admin's own
policy under /admin/ only, and HSTS whose subdomain/preload commitments are opt-in.
(tests/browser/test_security_headers.py checks the policy against real pages in chromium.)"""

from tests.test_settings import PRODUCTION, run_manage

STRICT_CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def directives(response):
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


def test_public_responses_carry_the_strict_policy_and_the_other_headers(client, db):
    for url in ["/robots.txt", "/healthz", "/no-such-page/", "/search/?q=%00"]:
        response = client.get(url)
        assert directives(response) == STRICT_CSP, url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        policy = response["Permissions-Policy"]
        for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]:
            assert feature in policy
        assert "clipboard-write=(self)" in policy


def test_only_the_admin_gets_the_looser_policy(client, db):
    admin = directives(client.get("/admin/login/"))
    assert "script-src 'self' 'unsafe-inline'" in admin
    assert "frame-ancestors 'self'" in admin
    assert not any("unsafe-eval" in directive for directive in admin)
    assert "object-src 'none'" in admin and "base-uri 'none'" in admin
    # A public path that merely starts like the admin's does not.
    assert directives(client.get("/administrator/")) == STRICT_CSP


def hsts_settings(**env):
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    result = run_manage(["shell", "-c", code], **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-3:]


def test_hsts_lasts_a_year_and_subdomains_and_preload_are_opt_in():
    assert hsts_settings() == ["31536000", "False", "False"]
    opted_in = {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "true", "SECURE_HSTS_PRELOAD": "true"}
    assert hsts_settings(**opted_in) == ["31536000", "True", "True"]
    deploy = run_manage(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION, **opted_in)
    assert deploy.returncode == 0, deploy.stderr + deploy.stdout
