"""Uploaded media through Django's storage API: local disk, or an S3 bucket (moto on loopback).

Every app server must see the same images, so media go through the storage API and the
bucket is chosen by environment variables; renditions and their cache work with either.
"""

import io
import re
import urllib.request
import uuid
from urllib.parse import urlsplit

import pytest
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from blog.models import BlogPostPage
from mindful.settings.environment import media_origins, media_storage_from_env

Image = get_image_model()


def jpeg_bytes(size=(640, 400), colour=(80, 120, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback moto)
        return response.status, response.headers, response.read()


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch):
    """The default storage is a fresh public bucket, configured through the environment."""
    bucket = s3_server.create_public_bucket(f"media-{uuid.uuid4().hex[:12]}")
    for name, value in s3_server.environment(bucket).items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env()}
    return bucket


@pytest.fixture(params=["disk", "s3"])
def media_storage(request, settings, monkeypatch, tmp_path):
    """The default storage is a fresh folder on disk, or a fresh public bucket."""
    if request.param == "s3":
        request.getfixturevalue("s3_media")
    else:
        monkeypatch.delenv("MEDIA_S3_BUCKET", raising=False)
        settings.MEDIA_ROOT = str(tmp_path)
        settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env()}
    return request.param


def stored_bytes(name):
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def test_without_a_bucket_media_stay_on_local_disk(monkeypatch):
    monkeypatch.delenv("MEDIA_S3_BUCKET", raising=False)
    assert media_storage_from_env() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_bucket_endpoint_region_domain_and_keys_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("MEDIA_S3_BUCKET", "practice-media")
    monkeypatch.setenv("MEDIA_S3_ENDPOINT_URL", "https://s3.example.net")
    monkeypatch.setenv("MEDIA_S3_REGION", "us-west-2")
    monkeypatch.setenv("MEDIA_S3_CUSTOM_DOMAIN", "media.example.org")
    monkeypatch.setenv("MEDIA_S3_ACCESS_KEY_ID", "key-id")
    monkeypatch.setenv("MEDIA_S3_SECRET_ACCESS_KEY", "secret")
    config = media_storage_from_env()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "practice-media"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["region_name"] == "us-west-2"
    assert options["custom_domain"] == "media.example.org"
    assert (options["access_key"], options["secret_key"]) == ("key-id", "secret")
    # Plain URLs: cached pages must not carry signatures that expire.
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False


def test_custom_domain_makes_media_urls_point_at_the_cdn(s3_server, settings, monkeypatch):
    for name, value in s3_server.environment("practice-media").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MEDIA_S3_CUSTOM_DOMAIN", "media.example.org")
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_env()}
    assert default_storage.url("original_images/a.jpg") == (
        "https://media.example.org/original_images/a.jpg"
    )


def test_image_uploaded_in_the_admin_is_kept_in_the_configured_storage(media_storage, admin_client):
    upload = io.BytesIO(jpeg_bytes())
    upload.name = "portrait.jpg"
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Portrait", "file": upload}
    )
    assert response.status_code == 302
    image = Image.objects.get(title="Portrait")
    assert stored_bytes(image.file.name) == jpeg_bytes()

    # A second upload with the same file name gets a name of its own.
    again = io.BytesIO(jpeg_bytes(colour=(10, 10, 10)))
    again.name = "portrait.jpg"
    admin_client.post(reverse("wagtailimages:add"), {"title": "Portrait 2", "file": again})
    second = Image.objects.get(title="Portrait 2")
    assert second.file.name != image.file.name
    assert stored_bytes(image.file.name) == jpeg_bytes()


def test_renditions_are_made_from_and_stored_in_the_configured_storage(
    media_storage, db, django_assert_num_queries, tmp_path
):
    upload = io.BytesIO(jpeg_bytes())
    image = Image.objects.create(title="Office", file=ImageFile(upload, name="office.jpg"))

    rendition = image.get_rendition("fill-200x100|format-webp")
    with PILImage.open(io.BytesIO(stored_bytes(rendition.file.name))) as made:
        assert (made.format, made.size) == ("WEBP", (200, 100))

    if media_storage == "s3":
        # Served by the bucket itself to an anonymous browser, with a cache lifetime.
        status, headers, body = fetch(rendition.url)
        assert status == 200
        assert headers["Cache-Control"] == "public, max-age=86400"
        assert body == stored_bytes(rendition.file.name)
    else:
        assert rendition.url.startswith("/media/images/")
        assert (tmp_path / rendition.file.name).exists()

    # The next request (any app server sharing the cache) finds it without a query.
    fresh = Image.objects.get(pk=image.pk)
    with django_assert_num_queries(0):
        assert fresh.get_rendition("fill-200x100|format-webp").url == rendition.url


def test_post_page_images_are_served_from_the_bucket(s3_media, client, demo_site, s3_server):
    post = BlogPostPage.objects.live().exclude(hero_image=None).first()
    html = client.get(post.url).content.decode()
    sources = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert sources
    for src in sources:
        assert src.startswith(s3_server.endpoint_url + "/")
        status, headers, body = fetch(src)
        assert status == 200
        assert headers["Content-Type"].startswith("image/")
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert fetch(og_image)[0] == 200


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, []),
        (
            {"MEDIA_S3_BUCKET": "practice-media", "MEDIA_S3_CUSTOM_DOMAIN": "media.example.org"},
            None,
        ),
        (
            {
                "MEDIA_S3_BUCKET": "practice-media",
                "MEDIA_S3_ENDPOINT_URL": "https://s3.example.net",
            },
            None,
        ),
        ({"MEDIA_S3_BUCKET": "practice-media", "MEDIA_S3_REGION": "us-west-2"}, None),
    ],
)
def test_media_origins_name_where_media_urls_point(variables, expected, settings, monkeypatch):
    """What a Content-Security-Policy's img-src must allow for media in a bucket."""
    for name in ("MEDIA_S3_BUCKET", "MEDIA_S3_CUSTOM_DOMAIN", "MEDIA_S3_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**variables, "MEDIA_S3_ACCESS_KEY_ID": "k"}.items():
        monkeypatch.setenv(name, value)
    storage = media_storage_from_env()
    origins = media_origins(storage)
    if expected is not None:
        assert origins == expected
        return
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    url = urlsplit(default_storage.url("original_images/a.jpg"))
    assert f"{url.scheme}://{url.netloc}" in origins
