"""Reading the sitemap as a crawler does: the index at /sitemap.xml, then each chunk."""

import re
from urllib.parse import urlsplit


def sitemap_text(client):
    """All chunks of the sitemap, joined; fails unless the index and every chunk answer 200."""
    return "\n".join(sitemap_chunks(client))


def sitemap_chunks(client):
    """Each chunk the sitemap index lists, as text; fails unless every one answers 200."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    chunks = []
    for location in re.findall(r"<loc>([^<]+)</loc>", index.content.decode()):
        url = urlsplit(location.replace("&amp;", "&"))
        response = client.get(url.path, dict(re.findall(r"(\w+)=(\w+)", url.query)))
        assert response.status_code == 200
        chunks.append(response.content.decode())
    assert chunks, "the sitemap index lists no chunk"
    return chunks
