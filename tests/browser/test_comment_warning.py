"""The health-details warning with JavaScript on: shown before anything is sent."""

from blog.models import Comment

POST = "/blog/how-does-psychotherapy-work/"
HEALTH_DETAILS = "I was diagnosed with PTSD and my psychiatrist has me on sertraline."


def fill(form, body):
    form.get_by_label("Name").fill("Sam")
    form.get_by_label("Email").fill("sam@example.com")
    form.get_by_role("textbox", name="Comment").fill(body)


def test_script_warns_before_sending_and_reader_edits(live_demo, page, monkeypatch):
    monkeypatch.setattr("mindful.spam.MIN_FILL_SECONDS", 0)
    requests = []
    page.on("request", lambda request: requests.append(request.method))
    page.goto(live_demo.url + POST)
    form = page.locator("form.comment-form")
    warning = form.locator("[data-comment-warning]")
    assert warning.is_hidden()

    fill(form, HEALTH_DETAILS)
    form.get_by_role("button", name="Post comment").click()

    warning.wait_for(state="visible")
    assert "seems to share details about your own health" in warning.inner_text()
    assert warning.get_attribute("role") == "alert"
    assert form.locator("[data-self-harm-line]").is_hidden()
    assert "POST" not in requests  # nothing left the browser

    warning.get_by_role("link", name="Edit my comment").click()
    assert warning.is_hidden()
    assert page.evaluate("document.activeElement.name") == "body"
    form.get_by_role("textbox", name="Comment").fill("This made the first session less scary.")
    form.get_by_role("button", name="Post comment").click()
    page.wait_for_url("**" + POST + "?comment=pending#comments")
    assert Comment.objects.get().body == "This made the first session less scary."


def test_script_warning_lets_the_reader_post_anyway(live_demo, page, monkeypatch):
    monkeypatch.setattr("mindful.spam.MIN_FILL_SECONDS", 0)
    page.goto(live_demo.url + POST)
    form = page.locator("form.comment-form")
    fill(form, "Some nights I think about killing myself.")
    form.get_by_role("button", name="Post comment").click()
    assert form.locator("[data-self-harm-line]").is_visible()

    form.get_by_role("button", name="Post it anyway").click()

    page.wait_for_url("**" + POST + "?comment=support#comments")
    assert "988" in page.locator(".crisis-support").inner_text()
    comment = Comment.objects.get()
    assert comment.urgent and comment.body == "Some nights I think about killing myself."
