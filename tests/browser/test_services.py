"""A visitor goes from the home page to a service, reads its FAQ and reaches the inquiry form."""


def test_visitor_reaches_the_inquiry_form_with_the_service_chosen_via_its_faq(live_demo, page):
    page.goto(live_demo.url + "/")
    page.get_by_role("link", name="Individual therapy").first.click()
    page.wait_for_url("**/services/individual-therapy/")

    question = page.locator("summary", has_text="Do you take insurance?")
    answer = page.get_by_text("We are in network with Premera")
    assert not answer.is_visible()
    question.click()
    assert answer.is_visible()
    question.press("Enter")  # the disclosure closes again from the keyboard
    assert not answer.is_visible()

    assert page.get_by_role("link", name="Dr. Tabitha Moss").first.is_visible()
    page.get_by_role("link", name="Ask about individual therapy").click()
    page.wait_for_url("**/contact/?service=individual-therapy")
    assert page.locator("h1").count() == 1
