"""Demo contact page for `manage.py load_demo_content`."""

from contact.models import ContactPage
from mindful.demo import add_page, republish
from mindful.models import HomePage


def load():
    home = HomePage.objects.get()
    contact = add_page(
        home,
        ContactPage,
        "contact",
        title="Contact",
        show_in_menus=True,
        intro=(
            "<p>Tell us a little about what you are looking for and we will reply within "
            "two business days.</p>"
        ),
    )
    if home.cta_page_id is None:
        home.cta_page = contact
        republish(home)
