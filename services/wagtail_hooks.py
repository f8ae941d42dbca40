"""Admin: one "Services" menu with specialties, modalities and a flat list of clinicians."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from services.models import ClinicianPage, Modality, Specialty


class TermViewSet(SnippetViewSet):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    list_export = ["name", "slug", "description"]
    ordering = ["name"]


class SpecialtyViewSet(TermViewSet):
    model = Specialty
    icon = "tag"
    menu_label = _("Specialties")


class ModalityViewSet(TermViewSet):
    model = Modality
    icon = "tasks"
    menu_label = _("Modalities")


class ClinicianFilterSet(PageListingViewSet.filterset_class):
    class Meta:
        model = ClinicianPage
        fields = ["accepting_new_clients", "specialties", "services"]


class ClinicianListingViewSet(PageListingViewSet):
    model = ClinicianPage
    icon = "user"
    menu_label = _("Clinicians")
    name = "clinicians"
    filterset_class = ClinicianFilterSet
    columns = [
        *PageListingViewSet.columns,
        BooleanColumn("accepting_new_clients", label=_("Accepting new clients")),
        Column("credentials", label=_("Credentials")),
    ]


class ServicesViewSetGroup(ViewSetGroup):
    menu_label = _("Services")
    menu_icon = "list-ul"
    menu_order = 210
    items = (SpecialtyViewSet, ModalityViewSet, ClinicianListingViewSet)


# register_snippet marks Specialty and Modality as snippets (choosers, usage, revisions
# of pages that use them); the page listing in the group is registered the same way.
register_snippet(ServicesViewSetGroup)
