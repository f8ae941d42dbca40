from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    """The mailing list: signup with double opt-in, signed links, sending a post to readers.

    It lives inside `contact/` (the URL areas /contact/ and /newsletter/ belong to that
    app by the project layout) but is an app of its own, with the label `newsletter`.
    """

    name = "contact.newsletter"
    label = "newsletter"
    verbose_name = "Mailing list"
