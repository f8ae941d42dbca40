"""Every page type in a real browser at 320, 390 and 1280 px wide: nothing scrolls sideways,
axe-core finds no accessibility violation, the consultation button and phone number are in
view without scrolling; and the phone menu works from the keyboard without trapping focus.

One live server and one demo site serve the whole module (the demo is loaded once and
flushed at the end), and the session's one browser opens a context per viewport.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer
from wagtail.models import Site

from tests.site_pages import browser_pages

# Tests here only drive the browser; the module's server reads the committed demo site.
pytestmark = pytest.mark.django_db(transaction=False)

VIEWPORTS = {320: 568, 390: 844, 1280: 800}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """(base URL, {page name: path}) of the demo site on a live server of its own."""
    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            call_command("load_demo_content", verbosity=0)
            Site.objects.filter(is_default_site=True).update(
                hostname="localhost", port=int(server.url.rsplit(":", 1)[1])
            )
            yield server.url, browser_pages()
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            # Leave an empty database behind, as the other browser modules do.
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def axe():
    return Axe()


def in_view(page, selector):
    """True when the element is visible and entirely inside the first screenful."""
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    return page.locator(selector).first.is_visible() and box and box["y"] + box["height"] <= height


@pytest.mark.parametrize("width", VIEWPORTS)
def test_every_page_fits_is_accessible_and_shows_how_to_reach_us(site, browser, axe, width):
    base_url, pages = site
    context = browser.new_context(viewport={"width": width, "height": VIEWPORTS[width]})
    page = context.new_page()
    problems = []
    for name, path in pages.items():
        page.goto(base_url + path)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            problems.append(f"{name}: scrolls sideways")
        for selector in (".site-header__cta", ".site-header__phone"):
            if not in_view(page, selector):
                problems.append(f"{name}: {selector} not in view without scrolling")
        for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{name}: axe {violation['id']} ({violation['help']}) at {targets}")
    context.close()
    assert problems == []


def focused(page):
    return page.evaluate(
        "(document.activeElement.closest('#main-menu') ? 'menu:' : '')"
        " + (document.activeElement.textContent || '').trim()"
    )


def test_phone_menu_opens_and_closes_with_the_keyboard_and_traps_nothing(site, browser):
    base_url, _pages = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "/about/")
    toggle = page.get_by_role("button", name="Menu")
    menu = page.locator("#main-menu")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()

    for _ in range(10):  # reach the button the way a keyboard user does
        page.keyboard.press("Tab")
        if focused(page) == "Menu":
            break
    assert focused(page) == "Menu"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()

    links = menu.get_by_role("link").all_inner_texts()
    for text in links:  # Tab walks through every link in order...
        page.keyboard.press("Tab")
        assert focused(page) == f"menu:{text}"
    page.keyboard.press("Tab")  # ...and then leaves the menu and the header: no trap
    assert not focused(page).startswith("menu:")
    assert page.evaluate("!document.activeElement.closest('header')")

    page.keyboard.press("Shift+Tab")
    assert focused(page) == f"menu:{links[-1]}"
    page.keyboard.press("Escape")  # closes and puts focus back on the button
    assert toggle.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert focused(page) == "Menu"
    page.keyboard.press("Space")
    assert menu.is_visible()
    page.keyboard.press("Space")
    assert not menu.is_visible()
    context.close()


def test_without_javascript_the_menu_is_a_plain_list(site, browser):
    base_url, _pages = site
    context = browser.new_context(viewport={"width": 320, "height": 568}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    links = page.locator("#main-menu a")
    assert links.count() >= 6
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    context.close()


def test_nothing_moves_while_a_phone_page_loads(site, browser):
    """The menu is folded from the first paint (CSS `scripting`), not when site.js runs:
    the header used to shrink under the reader, a layout shift of 0.1 (Lighthouse CLS)."""
    base_url, _pages = site
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    page.add_init_script(
        "window.shifts = [];"
        "new PerformanceObserver(list => window.shifts.push(...list.getEntries()"
        ".map(entry => entry.value))).observe({type: 'layout-shift', buffered: true});"
    )
    for path in ["/", "/blog/how-does-psychotherapy-work/", "/contact/"]:
        page.goto(base_url + path, wait_until="networkidle")
        page.wait_for_timeout(300)
        assert page.evaluate("window.shifts") == [], path
    context.close()


def test_desktop_shows_the_menu_without_a_button(site, browser):
    base_url, _pages = site
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base_url + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.locator("#main-menu").get_by_role("link", name="Search").is_visible()
    context.close()
