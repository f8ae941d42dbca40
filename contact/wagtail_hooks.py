"""The contact app in the Wagtail admin: the intake inbox and its dashboard panel.

Inquiries may hold health information, so only users with a permission on the
Inquiry model (the "Intake" group, made by a migration, and superusers) see the
menu item, the listing, the export and the dashboard count.
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from contact import audit
from contact.forms import PrivacyRequestForm
from contact.models import Inquiry, PrivacyRequest
from contact.privacy import answer_privacy_request
from mindful.exports import SafeSpreadsheetExportMixin
from mindful.permission_policies import ModelPermissionPolicyWithout

VIEW_ACTIONS = ["view", "change", "delete"]

# What the person sent, in the order the form asks for it (export and detail view).
INQUIRY_FIELDS = [
    "created_at",
    "status",
    "name",
    "email",
    "phone",
    "preferred_contact_method",
    "best_times",
    "service_title",
    "clinician_name",
    "session_format",
    "message",
    "referral_source",
]


# Inquiries come only from the public form: nobody adds one in the admin.
inquiry_permission_policy = ModelPermissionPolicyWithout(Inquiry, {"add"})
register_permission_policy(Inquiry, inquiry_permission_policy)
# A privacy request leaves a record nobody edits or deletes; "add" is answering one.
privacy_request_policy = ModelPermissionPolicyWithout(PrivacyRequest, {"change", "delete"})
register_permission_policy(PrivacyRequest, privacy_request_policy)


def user_may_see_inquiries(user):
    return inquiry_permission_policy.user_has_any_permission(user, VIEW_ACTIONS)


class InquiryFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=DateRangePickerWidget
    )
    emails_failed = django_filters.BooleanFilter(
        label=_("Emails failed"), method="filter_emails_failed"
    )

    class Meta:
        model = Inquiry
        fields = ["status", "service", "clinician", "created_at"]

    def filter_emails_failed(self, queryset, name, value):
        if value is None:
            return queryset
        failed = Inquiry.objects.emails_failed().values("pk")
        return queryset.filter(pk__in=failed) if value else queryset.exclude(pk__in=failed)


class InquiryIndexView(SafeSpreadsheetExportMixin, generic.IndexView):
    template_name = "contact/admin/inquiry_index.html"

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="inquiry"), *super().columns]

    def _get_title_column(self, *args, **kwargs):
        return super()._get_title_column(
            *args, **kwargs, get_title_id=lambda instance: f"inquiry_{instance.pk}_title"
        )

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("service", "clinician")

    def as_spreadsheet(self, queryset, spreadsheet_format):
        audit.log_exported(
            list(queryset),
            self.request.user,
            export_format=spreadsheet_format,
            query=self.request.GET,
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class InquiryInspectView(generic.InspectView):
    def get(self, request, *args, **kwargs):
        audit.log_viewed(self.object, request.user)
        return super().get(request, *args, **kwargs)


class InquiryEditView(generic.EditView):
    """The edit page shows everything the person sent: opening it counts as viewing."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # sets self.object
        audit.log_viewed(self.object, request.user)
        return response

    def save_instance(self):
        inquiry = super().save_instance()
        audit.log_changed(
            inquiry,
            self.request.user,
            old_status=self.form.initial.get("status"),
            notes_changed="notes" in self.form.changed_data,
        )
        return inquiry


class InquiryViewSet(ModelViewSet):
    model = Inquiry
    name = "contact_inquiries"
    url_prefix = "contact/inquiries"
    icon = "mail"
    menu_label = _("Inquiries")
    index_view_class = InquiryIndexView
    inspect_view_class = InquiryInspectView
    edit_view_class = InquiryEditView
    filterset_class = InquiryFilterSet
    list_display = [
        "name",
        "status",
        Column("service_title", label=_("Service")),
        Column("clinician_name", label=_("Clinician")),
        "preferred_contact_method",
        DateColumn("created_at", label=_("Received"), sort_key="created_at"),
        DateColumn("updated_at", label=_("Last changed"), sort_key="updated_at"),
        Column("email_state", label=_("Emails")),
    ]
    search_fields = ["name", "email", "phone", "message", "notes"]
    search_backend_name = None  # plain SQL on this table; inquiries stay out of the search index
    ordering = ["-created_at"]
    list_per_page = 50
    list_export = [*INQUIRY_FIELDS, "notes", "updated_at"]
    export_headings = {"created_at": _("Received"), "updated_at": _("Last changed")}
    export_filename = "inquiries"
    inspect_view_enabled = True
    inspect_view_fields = [
        *INQUIRY_FIELDS,
        "consented_at",
        "source_page",
        "notes",
        "notification_sent_at",
        "acknowledgement_sent_at",
        "email_attempts",
        "last_email_error",
    ]
    copy_view_enabled = False
    # Otherwise a service page's "usage" would list the inquiries that name it.
    add_to_reference_index = False
    # The person's own words are kept exactly as sent: only status and notes are editable.
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("notes")],
                heading=_("Intake"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("name", read_only=True),
                    FieldPanel("email", read_only=True),
                    FieldPanel("phone", read_only=True),
                    FieldPanel("preferred_contact_method", read_only=True),
                    FieldPanel("best_times", read_only=True),
                    FieldPanel("service_title", read_only=True),
                    FieldPanel("clinician_name", read_only=True),
                    FieldPanel("session_format", read_only=True),
                    FieldPanel("message", read_only=True),
                    FieldPanel("referral_source", read_only=True),
                    FieldPanel("created_at", read_only=True),
                ],
                heading=_("What they sent"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("notification_sent_at", read_only=True),
                    FieldPanel("acknowledgement_sent_at", read_only=True),
                    FieldPanel("email_attempts", read_only=True),
                    FieldPanel("last_email_error", read_only=True),
                ],
                heading=_("Emails"),
            ),
        ]
    )


inquiry_viewset = InquiryViewSet()


class PrivacyRequestViewSet(ModelViewSet):
    """The dated records of answered privacy requests; "add" answers a new one."""

    model = PrivacyRequest
    url_prefix = "contact/privacy-requests"
    icon = "lock"
    menu_label = _("Privacy requests")
    list_display = ["__str__", "kind", "answered_at", "records_summary"]
    list_filter = ["kind"]
    ordering = ["-answered_at"]
    form_fields = []  # records are never edited (the policy refuses "change")
    add_to_reference_index = False

    def get_urlpatterns(self):
        # The generic add view stores a form's fields; answering a request does more.
        patterns = [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]
        return [*patterns, path("new/", self.answer_view, name="add")]

    def answer_view(self, request):
        """GET shows the form; a valid POST answers and downloads the JSON file."""
        if not privacy_request_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        form = PrivacyRequestForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            document, privacy_request = answer_privacy_request(
                form.cleaned_data["address"], form.cleaned_data["kind"], user=request.user
            )
            response = HttpResponse(document, content_type="application/json")
            filename = f"privacy-request-{privacy_request.pk}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        context = {
            "form": form,
            "page_title": _("Answer a privacy request"),
            "header_icon": "lock",
            "index_url": reverse(self.get_url_name("index")),
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(
            request, "contact/admin/privacy_request.html", context, status=status
        )


class ContactViewSetGroup(ViewSetGroup):
    """The "Contact" admin menu: the inquiry inbox and privacy requests."""

    menu_label = _("Contact")
    menu_icon = "mail"
    menu_order = 250
    items = (inquiry_viewset, PrivacyRequestViewSet())


@hooks.register("register_admin_viewset")
def register_contact_viewsets():
    return ContactViewSetGroup()


class InquiryStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Inquiry.Status.choices)


class SetInquiryStatusBulkAction(PermissionCheckedMixin, BulkAction):
    """Change the status of the selected inquiries in one step."""

    display_name = _("Change status")
    action_type = "set_status"
    aria_label = _("Change the status of the selected inquiries")
    template_name = "contact/admin/confirm_bulk_status.html"
    form_class = InquiryStatusForm
    models = [Inquiry]
    action_priority = 10
    permission_required = "change"  # Wagtail's bulk action URL checks no model permission itself

    @classmethod
    def get_queryset(cls, model, object_ids):
        # Ids come from the query string: anything but digits would reach the database.
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        return list(model.objects.filter(pk__in=ids))

    def get_all_objects_in_listing_query(self, parent_id):
        """ "Select all in listing" means the listing as filtered and searched: ask the listing."""
        index_view = inquiry_viewset.index_view  # the function Django routes the listing to
        listing = index_view.view_class(**index_view.view_initkwargs)
        listing.setup(self.request)
        return listing.get_queryset().values_list("pk", flat=True)

    def check_perm(self, obj):
        return self.user_has_permission_for_instance("change", obj)

    def get_execution_context(self):
        return {"status": self.cleaned_form.cleaned_data["status"], "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, status=None, user=None, **kwargs):
        # save() per row keeps updated_at (the retention clock) honest; bulk sizes are small.
        for inquiry in objects:
            old_status, inquiry.status = inquiry.status, status
            inquiry.save(update_fields=["status", "updated_at"])
            audit.log_changed(inquiry, user, old_status=old_status, notes_changed=False)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        status = Inquiry.Status(self.cleaned_form.cleaned_data["status"]).label
        return ngettext(
            "%(count)d inquiry marked “%(status)s”.",
            "%(count)d inquiries marked “%(status)s”.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "status": status}


hooks.register("register_bulk_action", SetInquiryStatusBulkAction)


class NewInquiriesPanel(Component):
    name = "new_inquiries"
    order = 50
    template_name = "contact/admin/new_inquiries_panel.html"

    def get_context_data(self, parent_context):
        return {
            "new_count": Inquiry.objects.new().count(),
            "failed_count": Inquiry.objects.emails_failed().count(),
            "index_url": reverse("contact_inquiries:index"),
        }


@hooks.register("construct_homepage_panels")
def add_new_inquiries_panel(request, panels):
    if user_may_see_inquiries(request.user):
        panels.append(NewInquiriesPanel())


class InquiryExportFormatter(LogFormatter):
    label = _("Export inquiries")

    def format_message(self, log_entry):
        data = log_entry.data
        filters = "; ".join(
            f"{name}={', '.join(values)}" for name, values in data["filters"].items()
        )
        message = _("Exported as %(format)s with %(rows)s rows") % {
            "format": data["format"].upper(),
            "rows": data["rows"],
        }
        if filters:
            message += _(", filtered by %(filters)s") % {"filters": filters}
        if data["searched"]:
            message += _(", after a search")
        return message


class InquiryStatusFormatter(LogFormatter):
    label = _("Change inquiry status")

    def format_message(self, log_entry):
        labels = dict(Inquiry.Status.choices)
        return _("Status changed from “%(from)s” to “%(to)s”") % {
            "from": labels.get(log_entry.data.get("from"), log_entry.data.get("from")),
            "to": labels.get(log_entry.data.get("to"), log_entry.data.get("to")),
        }


@hooks.register("register_log_actions")
def register_intake_log_actions(actions):
    actions.register_action(audit.VIEW, _("View inquiry"), _("Viewed"))
    actions.register_action(audit.NOTES, _("Change inquiry notes"), _("Notes changed"))
    actions.register_action(audit.STATUS)(InquiryStatusFormatter)
    actions.register_action(audit.EXPORT)(InquiryExportFormatter)
    actions.register_action(
        audit.PRIVACY_EXPORT,
        _("Privacy request: export"),
        _("Exported everything held for one address"),
    )
    actions.register_action(
        audit.PRIVACY_DELETE,
        _("Privacy request: delete"),
        _("Exported and deleted everything held for one address"),
    )
