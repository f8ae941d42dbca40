"""The contact app's models: one module each for the page, inquiries and the mailing list."""

from contact.models.inquiries import Inquiry, InquirySettings
from contact.models.pages import ContactPage

__all__ = ["ContactPage", "Inquiry", "InquirySettings"]
