"""The services app's models: specialties and modalities (snippets), and the pages."""

from services import invalidation
from services.models.pages import (
    ClinicianIndexPage,
    ClinicianPage,
    ServiceFormat,
    ServicePage,
    ServicesIndexPage,
)
from services.models.terms import Modality, Specialty

invalidation.connect()  # cached pages follow specialty and modality changes

__all__ = [
    "ClinicianIndexPage",
    "ClinicianPage",
    "Modality",
    "ServiceFormat",
    "ServicePage",
    "ServicesIndexPage",
    "Specialty",
]
