"""The contact app's models: one module each for the page, inquiries and the mailing list."""

from contact.models.inquiries import Inquiry, InquirySettings
from contact.models.pages import ContactPage
from contact.models.subscribers import Delivery, PostSend, Subscriber

__all__ = [
    "ContactPage",
    "Delivery",
    "Inquiry",
    "InquirySettings",
    "PostSend",
    "Subscriber",
]
