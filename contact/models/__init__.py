"""The contact app's models: one module each for the page, inquiries and the mailing list."""

from contact.models.pages import ContactPage

__all__ = ["ContactPage"]
