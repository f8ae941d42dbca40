"""The contact app's models: one module each for the page, inquiries and the mailing list."""

from contact.models.pages import ContactPage
from contact.models.subscribers import Delivery, PostSend, Subscriber

__all__ = ["ContactPage", "Delivery", "PostSend", "Subscriber"]
