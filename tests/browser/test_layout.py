"""Every page's frame in a real browser: skip link, crisis line, no third-party requests."""

from urllib.parse import urlsplit


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(live_demo, page):
    page.goto(live_demo.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_crisis_notice_is_visible_on_every_demo_page(live_demo, page):
    for path in ["/", "/about/", "/services/", "/blog/", "/contact/", "/privacy/"]:
        page.goto(live_demo.url + path)
        notice = page.get_by_role("complementary", name="Crisis support")
        assert notice.is_visible(), path
        assert "988" in notice.inner_text() and "911" in notice.inner_text()


def test_pages_make_no_requests_to_other_hosts(live_demo, page):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.goto(live_demo.url + "/")
    page.goto(live_demo.url + "/blog/how-does-psychotherapy-work/")
    assert hosts <= {"localhost", "127.0.0.1"}


def test_layout_fits_a_phone_screen_without_sideways_scrolling(live_demo, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(live_demo.url + "/")
    overflow = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    context.close()
    assert overflow is False
