"""Small builders for blog tests: a bare site with a blog, clinicians and posts.

Cheaper than the demo loader (no drawn images) so tests can build exactly what they need.
"""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.rich_text import RichText

from blog.models import BlogCategory, BlogIndexPage, BlogPostAuthor, BlogPostPage
from mindful.demo import tree_roots
from mindful.models import HomePage
from services.models import ClinicianIndexPage, ClinicianPage

BODY_HTML = (
    "<p>Therapy helps.</p><h2>Therapeutic Alliance</h2><p>Trust matters.</p>"
    "<ol><li>Alliance</li><li>Mindfulness</li></ol>"
)


def build_site():
    root = tree_roots()  # Wagtail's root page, even after a transactional test's flush
    home = HomePage(title="Home", slug="home-test", hero_heading="Welcome")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    blog = BlogIndexPage(title="Blog", slug="blog", intro="<p>Notes from our clinicians.</p>")
    home.add_child(instance=blog)
    clinicians = ClinicianIndexPage(title="Clinicians", slug="clinicians")
    home.add_child(instance=clinicians)
    return home, blog, clinicians


def add_clinician(clinicians, slug, title, credentials="PhD"):
    clinician = ClinicianPage(title=title, slug=slug, credentials=credentials)
    clinicians.add_child(instance=clinician)
    return clinician


def add_category(name, description=""):
    slug = name.lower().replace(" ", "-")
    return BlogCategory.objects.create(name=name, slug=slug, description=description)


def add_post(
    blog,
    title,
    *,
    date=datetime.date(2025, 9, 18),
    body_html=BODY_HTML,
    authors=(),
    categories=(),
    tags=(),
    live=True,
    **fields,
):
    slug = fields.pop("slug", title.lower().replace(" ", "-").replace("?", "").replace("&", ""))
    post = BlogPostPage(
        title=title,
        slug=slug,
        date=date,
        intro=fields.pop("intro", f"About {title}."),
        body=[("paragraph", RichText(body_html))],
        live=live,
        post_authors=[BlogPostAuthor(clinician=clinician) for clinician in authors],
        categories=list(categories),
        **fields,
    )
    post.tags.add(*tags)
    blog.add_child(instance=post)
    return post


def make_image(title="Hero", size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (120, 160, 140)).save(buffer, format="JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.jpg")
    )


def build_blog():
    """(blog index, Dr. Tabitha Moss, Jordan Alvarez) on a bare site."""
    home, blog, clinicians = build_site()
    tabitha = add_clinician(clinicians, "tabitha-moss", "Dr. Tabitha Moss", "PhD, Psychologist")
    jordan = add_clinician(clinicians, "jordan-alvarez", "Jordan Alvarez", "MA, LMHC")
    return blog, tabitha, jordan
