"""The first post in a real browser: reading it on a phone and leaving a comment."""

from blog.models import Comment, CommentStatus

POST = "/blog/how-does-psychotherapy-work/"


def test_reader_leaves_a_comment_and_is_told_it_awaits_moderation(live_demo, page, monkeypatch):
    monkeypatch.setattr("mindful.spam.MIN_FILL_SECONDS", 0)  # no need to wait like a person
    page.goto(live_demo.url + POST)
    # The post also holds two mailing-list signups (after the post, in the footer).
    form = page.locator("form.comment-form")
    form.get_by_label("Name").fill("Sam Reader")
    form.get_by_label("Email").fill("sam@example.com")
    form.get_by_role("textbox", name="Comment").fill(
        "Thank you, this made the first session feel less scary."
    )
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_url("**" + POST + "?comment=pending#comments")
    assert page.get_by_role("status").inner_text().startswith("Thank you. Your comment is awaiting")
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.name == "Sam Reader"


def test_post_fits_a_phone_and_its_hero_comes_in_a_modern_format(live_demo, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(live_demo.url + POST)
    hero = phone.locator(".post-hero img")
    hero.wait_for()
    # Test settings keep media in memory and do not serve it: check the browser's choice.
    chosen = phone.evaluate("(img) => img.currentSrc", hero.element_handle())
    overflow = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    reading_time = phone.locator(".blog-post .meta").first.inner_text()
    context.close()
    assert chosen.endswith((".avif", ".webp"))
    assert overflow is False
    assert "3 min read" in reading_time
