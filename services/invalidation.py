"""Clearing cached pages when a specialty or modality changes.

Terms appear on services, clinicians and their own listing pages, so both sections and
the home page are cleared. Page changes are handled by mindful.invalidation.
"""

from django.db.models.signals import post_delete, post_save

from mindful.invalidation import purge_section
from services.models.pages import ClinicianIndexPage, ServicesIndexPage
from services.models.terms import Modality, Specialty


def on_term_changed(sender, instance, **kwargs):
    for index in [*ServicesIndexPage.objects.all(), *ClinicianIndexPage.objects.all()]:
        purge_section(index)


def connect():
    """Called as the services models load (services.models)."""
    for name, signal in [("save", post_save), ("delete", post_delete)]:
        for term in (Specialty, Modality):
            uid = f"services.{term.__name__}.{name}"
            signal.connect(on_term_changed, sender=term, dispatch_uid=uid)
