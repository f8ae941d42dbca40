"""The mailing list in the Wagtail admin: subscribers, sending a post, a dashboard panel."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem
from wagtail.permissions import register_permission_policy

from contact.newsletter import subscriptions
from contact.newsletter.forms import PostSendForm
from contact.newsletter.models import PostSend, Subscriber
from mindful.exports import SafeSpreadsheetExportMixin
from mindful.permission_policies import ModelPermissionPolicyWithout

# Readers join through double opt-in only; a send is the record of what went out.
subscriber_policy = ModelPermissionPolicyWithout(Subscriber, {"add"})
register_permission_policy(Subscriber, subscriber_policy)
register_permission_policy(PostSend, ModelPermissionPolicyWithout(PostSend, {"change", "delete"}))


class SubscriberIndexView(SafeSpreadsheetExportMixin, generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status != Subscriber.Status.UNSUBSCRIBED and self.user_has_permission("change"):
            url = reverse("newsletter_subscribers:unsubscribe", args=[instance.pk])
            buttons.append(MenuItem(_("Unsubscribe"), url=url, icon_name="cross", priority=25))
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = Subscriber.objects.counts_by_status()
        context["status_counts"] = [
            (label, counts[value]) for value, label in Subscriber.Status.choices
        ]
        return context


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    add_to_admin_menu = False
    index_view_class = SubscriberIndexView
    index_template_name = "newsletter/admin/subscriber_index.html"
    list_display = ["email", "first_name", "status", "created", "confirmed_at"]
    list_filter = ["status"]
    search_fields = ["email", "first_name"]
    list_export = [
        "email",
        "first_name",
        "status",
        "created",
        "consent_at",
        "consent_source",
        "consent_version",
        "confirmed_at",
        "unsubscribed_at",
    ]
    export_filename = "subscribers"
    form_fields = ["first_name"]  # staff may correct a first name
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("unsubscribe/<int:pk>/", self.unsubscribe_view, name="unsubscribe"),
        ]

    def unsubscribe_view(self, request, pk):
        """Staff unsubscribe a reader (e.g. asked by phone): GET asks, POST does it."""
        if not subscriber_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        subscriber = get_object_or_404(Subscriber, pk=pk)
        if request.method == "POST":
            subscriptions.unsubscribe(subscriber)
            messages.success(request, _("%(email)s is unsubscribed.") % {"email": subscriber})
            return redirect(self.get_url_name("index"))
        return TemplateResponse(
            request,
            "newsletter/admin/subscriber_unsubscribe.html",
            {
                "subscriber": subscriber,
                "page_title": _("Unsubscribe"),
                "page_subtitle": str(subscriber),
                "header_icon": "user",
                "index_url": reverse(self.get_url_name("index")),
            },
        )


class PostSendCreateView(generic.CreateView):
    submit_button_label = _("Send to subscribers")
    submit_button_active_label = _("Starting…")

    def save_instance(self):
        data = self.form.cleaned_data
        return subscriptions.post_send_create(
            post=data["post"],
            subject=data["subject"],
            preview_text=data["preview_text"],
            user=self.request.user,
        )

    def get_success_message(self, instance):
        # The readers who will get it now: those who had the post from an earlier send do not.
        if not instance.total:
            return _("Every subscriber already has “%(post)s”: nobody new to send it to.") % {
                "post": instance.post.title
            }
        return ngettext(
            "Sending “%(post)s” to %(count)s new subscriber has started.",
            "Sending “%(post)s” to %(count)s new subscribers has started.",
            instance.total,
        ) % {"post": instance.post.title, "count": instance.total}

    def get_success_url(self):
        return reverse(self.index_url_name)

    def get_success_buttons(self):
        return []  # sends have no edit view


class PostSendIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        unfinished = instance.status != PostSend.Status.SENT or instance.failed_count
        if unfinished and self.user_has_permission("add"):
            url = reverse("newsletter_sends:resume", args=[instance.pk])
            buttons.append(
                MenuItem(_("Resume sending"), url=url, icon_name="redirect", priority=25)
            )
        return buttons


class PostSendViewSet(ModelViewSet):
    model = PostSend
    icon = "mail"
    menu_label = _("Send a post")
    add_to_admin_menu = False
    add_view_class = PostSendCreateView
    index_view_class = PostSendIndexView
    list_display = [
        "subject",
        "post",
        "status",
        "progress",
        "failed_count",
        "created",
        "created_by",
    ]
    list_filter = ["status"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return PostSendForm

    def get_urlpatterns(self):
        resume = path("resume/<int:pk>/", self.resume_view, name="resume")
        return [*super().get_urlpatterns(), resume]

    def resume_view(self, request, pk):
        """Send what a stopped send has left (failed batch, worker died): GET asks, POST does it."""
        if not self.permission_policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        send = get_object_or_404(PostSend, pk=pk)
        if request.method == "POST":
            waiting = subscriptions.post_send_resume(send, retry_failed=True)
            messages.success(
                request,
                _("Sending “%(subject)s” resumes: %(count)s emails still to go.")
                % {"subject": send.subject, "count": waiting},
            )
            return redirect(self.get_url_name("index"))
        return TemplateResponse(
            request,
            "newsletter/admin/post_send_resume.html",
            {
                "send": send,
                "page_title": _("Resume sending"),
                "page_subtitle": send.subject,
                "header_icon": "mail",
                "index_url": reverse(self.get_url_name("index")),
            },
        )


class MailingListGroup(ViewSetGroup):
    menu_label = _("Mailing list")
    menu_icon = "mail"
    menu_order = 300
    items = (SubscriberViewSet("newsletter_subscribers"), PostSendViewSet("newsletter_sends"))


@hooks.register("register_admin_viewset")
def register_mailing_list():
    return MailingListGroup()


class SubscriberCountPanel(Component):
    name = "newsletter_subscribers"
    order = 150
    template_name = "newsletter/admin/subscriber_count_panel.html"

    def get_context_data(self, parent_context):
        counts = Subscriber.objects.counts_by_status()
        return {
            "subscribed": counts[Subscriber.Status.SUBSCRIBED],
            "pending": counts[Subscriber.Status.PENDING],
            "index_url": reverse("newsletter_subscribers:index"),
        }


@hooks.register("construct_homepage_panels")
def add_subscriber_count_panel(request, panels):
    if subscriber_policy.user_has_permission(request.user, "view"):
        panels.append(SubscriberCountPanel())
