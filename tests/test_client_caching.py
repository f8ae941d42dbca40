"""What browsers and CDNs are told: who may keep a page, for how long, and 304 answers."""

import gzip
import re

from django.core.management import call_command
from django.test import Client, RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware


def test_public_page_may_be_held_briefly_by_a_cdn_and_revalidated(demo_site, client):
    response = client.get("/about/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=60" in cache_control
    assert "max-age=0" in cache_control
    assert response["ETag"] and response["Last-Modified"]


def test_unchanged_page_answers_304(demo_site, client):
    first = client.get("/about/")
    by_etag = client.get("/about/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = client.get("/about/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304


def test_private_answers_are_kept_by_no_cache(demo_site, client, admin_user):
    assert "no-store" in client.get("/form-values/")["Cache-Control"]
    errors = client.post("/newsletter/", {"email": "not an address"})
    assert errors.status_code == 400 and "no-store" in errors["Cache-Control"]
    client.force_login(admin_user)
    page = client.get("/about/")
    assert "private" in page["Cache-Control"] and "public" not in page["Cache-Control"]


def without_render_time(html):
    return re.sub(r'name="rendered_at" value="[^"]*"', "", html)


def test_html_is_compressed_and_each_encoding_cached_apart(demo_site):
    zipped = Client().get("/about/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip"
    html = gzip.decompress(zipped.content).decode()
    plain = Client().get("/about/")  # no Accept-Encoding: a client that cannot unzip
    assert "Content-Encoding" not in plain
    # The same page (each copy rendered once, so only its signed render time differs).
    assert without_render_time(plain.content.decode()) == without_render_time(html)
    again = Client().get("/about/", HTTP_ACCEPT_ENCODING="gzip")
    assert again["X-Cache"] == "hit" and again["Content-Encoding"] == "gzip"


def test_hashed_static_files_are_cached_for_a_year(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = next(tmp_path.glob("css/site.*.css")).name
    middleware = WhiteNoiseMiddleware(lambda request: None)
    response = middleware(RequestFactory().get(f"/static/css/{hashed}"))
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
