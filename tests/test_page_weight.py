"""A post stays light: its HTML, CSS and JavaScript under 60 KB before images."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

POST_URL = "/blog/how-does-psychotherapy-work/"
BUDGET_BYTES = 60 * 1024


def test_post_page_html_css_and_js_fit_in_60_kb(demo_site, client):
    html = client.get(POST_URL).content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert assets, "the page links no stylesheet or script"
    asset_bytes = sum(Path(finders.find(asset.decode())).stat().st_size for asset in set(assets))
    assert len(html) + asset_bytes < BUDGET_BYTES


def test_images_below_the_fold_load_lazily(demo_site, client):
    """Only the one picture at the top of a page loads at once; the others wait."""
    for url in ["/clinicians/", "/services/individual-therapy/", POST_URL]:
        html = client.get(url).content.decode()
        pictures = re.findall(r"<img [^>]*>", html)
        eager = [img for img in pictures if 'loading="lazy"' not in img]
        assert len(eager) <= 1, (url, eager)
