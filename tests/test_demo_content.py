"""`manage.py load_demo_content` builds the page tree once; running it again changes nothing."""

from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from mindful.models import HomePage, PracticeSettings


def page_tree():
    return list(
        Page.objects.order_by("path").values_list("path", "slug", "title", "live", "content_type")
    )


def test_demo_loader_builds_the_expected_tree(demo_site):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == demo_site
    urls = {page.url for page in Page.objects.live().filter(depth__gt=1)}
    for url in ["/", "/about/", "/services/", "/blog/", "/contact/", "/privacy/"]:
        assert url in urls
    assert "/blog/how-does-psychotherapy-work/" in urls
    assert not Page.objects.filter(title__startswith="Welcome to").exists()


def test_running_the_loader_twice_leaves_the_same_tree(demo_site):
    before = page_tree()
    counts = (Revision.objects.count(), get_image_model().objects.count())
    settings_before = PracticeSettings.load().phone
    call_command("load_demo_content", verbosity=0)
    assert page_tree() == before
    assert (Revision.objects.count(), get_image_model().objects.count()) == counts
    assert HomePage.objects.count() == 1
    assert PracticeSettings.load().phone == settings_before


def test_every_demo_page_answers_200(client, demo_site):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_first_post_keeps_its_headings_and_numbered_list(client, demo_site):
    html = client.get("/blog/how-does-psychotherapy-work/").content.decode()
    assert "<h2>Therapeutic Alliance</h2>" in html
    assert "<h2>Memory Reconsolidation</h2>" in html
    assert "<ol>\n<li>Therapeutic Alliance</li>" in html


def test_ensure_admin_creates_one_superuser_and_prints_its_password(db, capsys, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    first = capsys.readouterr().out
    call_command("ensure_admin")
    second = capsys.readouterr().out
    assert "username 'admin', password '" in first
    assert "already exists" in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
