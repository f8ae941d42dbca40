"""The Content-Security-Policy in a real browser: every public page type loads, and every
public form works, without one violation; the admin works under its own looser policy."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from blog.models import BlogPostPage, Comment
from contact.models import Inquiry
from contact.newsletter.models import Subscriber
from tests.sitemaps import sitemap_text

POST = "/blog/how-does-psychotherapy-work/"
STRICT = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]

# Runs in every page before its own scripts: keeps each violation the page reports.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


@pytest.fixture
def watched(browser):
    """A page that records CSP violations (events and console messages) and
    Permissions-Policy complaints, for the test to assert there are none."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    complaints = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Permissions" in text:
            complaints.append(f"{page.url}: {text}")

    page.on("console", on_console)

    def violations():
        recorded = page.evaluate("window.cspViolations || []")
        return complaints + [f"{page.url}: {violation}" for violation in recorded]

    page.violations = violations
    yield page
    context.close()


def public_urls(live_server):
    """Every page type: what the sitemap lists, and the pages it does not."""
    from django.test import Client

    # /sitemap.xml is an index of chunks; the pages are listed in those.
    sitemap = sitemap_text(Client())
    urls = {re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>(.*?)</loc>", sitemap)}
    urls |= {
        "/search/?q=anxiety",
        "/contact/thanks/",
        "/newsletter/",
        "/newsletter/check-your-inbox/",
        "/no-such-page/",
        "/blog/?page=x%00",  # a refused request: its answer is a page too
    }
    return sorted(urls)


def test_every_public_page_type_loads_without_a_violation(live_demo, watched):
    """Starts from the sitemap and follows every link on the site's own pages."""
    to_visit, seen = public_urls(live_demo), set()
    while to_visit and len(seen) < 150:
        url = to_visit.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = watched.goto(live_demo.url + url)
        watched.wait_for_load_state("load")
        policy = response.headers["content-security-policy"]
        assert all(directive in policy for directive in STRICT), (url, policy)
        assert "unsafe" not in policy, url
        assert response.headers["cross-origin-opener-policy"] == "same-origin"
        assert response.headers["cross-origin-resource-policy"] == "same-origin"
        assert "camera=()" in response.headers["permissions-policy"]
        if "html" not in response.headers["content-type"]:
            continue  # feeds, robots.txt
        # The stylesheet applied: the skip link waits above the top until focused.
        assert watched.locator(".skip-link").bounding_box()["y"] < 0, url
        links = watched.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        to_visit += [
            link.removeprefix(live_demo.url).split("#")[0]
            for link in links
            if link.startswith(live_demo.url + "/")
            and not link.startswith((live_demo.url + "/admin/", live_demo.url + "/documents/"))
        ]
    for page_type in ["/blog/tag/", "/blog/category/", "/blog/author/", "/services/specialty/"]:
        assert any(url.startswith(page_type) for url in seen), page_type
    assert watched.violations() == []


def test_the_copy_link_script_runs_under_the_policy(live_demo, watched):
    watched.context.grant_permissions(["clipboard-read", "clipboard-write"])
    watched.goto(live_demo.url + POST)
    button = watched.get_by_role("button", name="Copy link")
    button.click()
    watched.get_by_role("button", name="Link copied").wait_for()
    copied = watched.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(POST)
    assert watched.violations() == []


def test_inquiry_comment_and_signup_work_under_the_policy(live_demo, watched, monkeypatch):
    monkeypatch.setattr("mindful.spam.MIN_FILL_SECONDS", 0)

    watched.goto(live_demo.url + "/contact/")
    form = watched.locator("form.inquiry__form")
    form.get_by_label("Your name").fill("Ada Lovelace")
    form.get_by_label("Email").fill("ada@example.com")
    form.get_by_label("What would you like help with?").fill("Anxiety at work.")
    form.get_by_label("not for emergencies").check()
    form.get_by_role("button", name="Send inquiry").click()
    watched.wait_for_url("**/contact/thanks/")
    assert Inquiry.objects.get().name == "Ada Lovelace"

    watched.goto(live_demo.url + POST)
    form = watched.locator("form.comment-form")
    form.get_by_label("Name").fill("Sam Reader")
    form.get_by_label("Email").fill("sam@example.com")
    form.get_by_role("textbox", name="Comment").fill("This helped.")
    form.get_by_role("button", name="Post comment").click()
    watched.get_by_role("status").wait_for()
    assert Comment.objects.get().post.specific == BlogPostPage.objects.get(slug=POST.split("/")[2])

    footer = watched.locator("footer")
    footer.get_by_label("Email address").fill("reader@example.com")
    footer.get_by_label("First name").fill("Ada")
    footer.get_by_label(re.compile("email me new posts")).check()
    footer.get_by_role("button", name="Subscribe").click()
    watched.get_by_role("heading", name="Check your inbox to confirm").wait_for()
    assert Subscriber.objects.filter(email="reader@example.com").exists()

    assert len(mail.outbox) >= 3  # inquiry (2), comment notice, confirmation
    assert watched.violations() == []


def test_the_page_editor_and_its_preview_work_under_the_admin_policy(live_demo, watched):
    User.objects.create_superuser("editor", "editor@example.com", "a long passphrase")
    watched.goto(live_demo.url + "/admin/login/")
    watched.get_by_label("Username").fill("editor")
    watched.get_by_label("Password").fill("a long passphrase")
    watched.get_by_role("button", name="Sign in").click()
    # A superuser sets up the second factor first.
    watched.wait_for_url("**/admin/two-factor/setup/**")
    device = TOTPDevice.objects.get(user__username="editor")
    watched.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    watched.get_by_role("button", name="Turn on two-step verification").click()
    watched.get_by_role("heading", name="Your recovery codes").wait_for()

    post = BlogPostPage.objects.get(slug=POST.split("/")[2])
    response = watched.goto(f"{live_demo.url}/admin/pages/{post.pk}/edit/")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "'unsafe-eval'" not in policy
    watched.locator("[data-side-panel-toggle='preview']").click()
    preview = watched.frame_locator("#w-preview-iframe")
    # The framed preview renders the post itself (blocked frames stay empty).
    preview.locator("h1", has_text=post.title).wait_for(state="attached")
    for path in ["/admin/", "/admin/pages/", "/admin/contact/inquiries/", "/admin/images/"]:
        watched.goto(live_demo.url + path)
        watched.wait_for_load_state("networkidle")
    assert watched.violations() == []
