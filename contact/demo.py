"""Demo contact page for `manage.py load_demo_content`."""

from contact.models import ContactPage
from mindful.demo import add_page, republish
from mindful.models import HomePage, PracticeSettings


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
            "two business days. Everything you send goes only to our intake team.</p>"
        ),
        next_steps=(
            "<ul><li>Within two business days, one of our clinicians contacts you the way "
            "you prefer.</li>"
            "<li>We offer a free 15-minute phone consultation to see whether we are a good "
            "fit.</li>"
            "<li>If we are, we schedule a first session, in person in Seattle or by "
            "telehealth.</li></ul>"
        ),
        privacy_note=(
            "<p>Only our intake team reads what you send. We keep it to reply to you and "
            "delete it one year after we close your inquiry. Please do not include detailed "
            'health information. Read our <a href="/privacy/">privacy policy</a>.</p>'
        ),
        thank_you_heading="Thank you for reaching out",
        thank_you_text=(
            "<p>We have received your inquiry and will be in touch within two business "
            "days. Reaching out is a real step; we look forward to talking with you.</p>"
        ),
    )
    if home.cta_page_id is None:
        home.cta_page = contact
        republish(home)
    practice = PracticeSettings.load()
    if practice.header_cta_page_id is None:
        practice.header_cta_page = contact
        practice.save()
