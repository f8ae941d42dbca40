"""Through Caddy: canonical and sitemap URLs use SITE_URL; static files and uploaded images
are served from disk with the right cache headers."""

import re
from io import BytesIO

from PIL import Image

from tests.sitemaps import sitemap_text

STATIC_HASHED = re.compile(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"')


def test_canonical_and_og_urls_start_with_site_url(stack, visitor):
    html = visitor.get("/blog/").text
    assert f'<link rel="canonical" href="{stack.site_url}/blog/">' in html
    post_path = re.search(r'href="(/blog/[a-z0-9-]+/)"', html).group(1)
    post = visitor.get(post_path).text
    assert f'<meta property="og:url" content="{stack.site_url}{post_path}">' in post


def test_sitemap_and_robots_use_site_url(stack, visitor):
    # The index's chunk addresses and every page address in the chunks.
    index = visitor.get("/sitemap.xml").text
    sitemap = index + sitemap_text(visitor)
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    chunks = re.findall(r"<loc>([^<]+)</loc>", index)
    assert chunks and all(chunk.startswith(f"{stack.site_url}/sitemap-") for chunk in chunks)
    assert f"{stack.site_url}/blog/" in locations
    assert all(location.startswith(stack.site_url + "/") for location in locations)
    assert f"Sitemap: {stack.site_url}/sitemap.xml" in visitor.get("/robots.txt").text


def test_site_record_follows_site_url_and_sync_site_is_idempotent(stack):
    output = stack.manage("sync_site").stdout
    assert f"Default site already at {stack.site_url}" in output
    assert stack.query("SELECT hostname, port FROM wagtailcore_site WHERE is_default_site") == [
        ("127.0.0.1", stack.caddy_port)
    ]


def test_hashed_static_files_are_cached_for_a_year(visitor):
    html = visitor.get("/").text
    stylesheet = STATIC_HASHED.search(html).group(1)
    response = visitor.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Server" in response.headers and "Caddy" in response.headers["Server"]
    unhashed = visitor.get("/static/css/site.css")
    assert unhashed.headers["Cache-Control"] == "public, max-age=3600"


def test_demo_page_images_are_served_by_caddy(visitor):
    html = visitor.get("/clinicians/").text
    sources = re.findall(r'src="(/media/images/[^"]+)"', html)
    assert sources
    for source in sources[:3]:
        response = visitor.get(source)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("image/")


def test_image_uploaded_in_the_admin_is_served(stack, admin):
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, "PNG")
    form = admin.form("/admin/images/add/", containing="title")
    response = admin.post(
        "/admin/images/add/",
        data={**form.fields, "title": "Waiting room"},
        files={"file": ("waiting-room.png", buffer.getvalue(), "image/png")},
    )
    assert response.status_code == 302, response.text[:3000]
    [(path,)] = stack.query("SELECT file FROM wagtailimages_image WHERE title = 'Waiting room'")
    served = admin.get(f"/media/{path}")
    assert served.status_code == 200
    assert served.content == buffer.getvalue()


def test_private_documents_are_not_served_straight_from_disk(visitor):
    assert visitor.get("/media/documents/anything.pdf").status_code == 404
