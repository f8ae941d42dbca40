"""The contact app's models: the inquiry data below, the contact page that takes them above."""

from contact.models.inquiries import Inquiry, InquirySettings
from contact.models.pages import ContactPage

__all__ = ["ContactPage", "Inquiry", "InquirySettings"]
