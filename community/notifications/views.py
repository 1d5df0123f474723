"""The member's notifications: the list, marking read, the settings page and the bell's count."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, View

from ..models import Notification
from .forms import NotificationSettingsForm
from .service import mark_all_read, mark_read, unread_counts

PAGE_SIZE = 30


@method_decorator(never_cache, name="dispatch")
class NotificationListView(LoginRequiredMixin, View):
    def get(self, request):
        notifications = Notification.objects.for_recipient(request.user).order_by(
            "-created_at", "-id"
        )
        page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "community/notifications/notification_list.html",
            {"page_obj": page, "notifications": page.object_list, "query_prefix": ""},
        )


class MarkReadView(LoginRequiredMixin, View):
    """POST only. Another member's notification is a 404 and changes nothing (SECURITY.md C1)."""

    def post(self, request, pk):
        if not Notification.objects.for_recipient(request.user).filter(pk=pk).exists():
            raise Http404
        mark_read(request.user, pk)
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect("community:notification_list")


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        mark_all_read(request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("community:notification_list")


@method_decorator(never_cache, name="dispatch")
class NotificationSettingsView(LoginRequiredMixin, FormView):
    template_name = "community/notifications/notification_settings.html"
    form_class = NotificationSettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your notification settings are saved."))
        return redirect("community:notification_settings")


@method_decorator(never_cache, name="dispatch")
class UnreadCountView(LoginRequiredMixin, View):
    """The header's unread counts as htmx out-of-band swaps, polled from every member page: one
    query beyond the session and the user (with sessions in the cache, as in production, two in
    all)."""

    def get(self, request):
        notifications, conversations = unread_counts(request.user)
        return TemplateResponse(
            request,
            "community/notifications/badges_poll.html",
            {"unread": notifications, "unread_conversations": conversations},
        )
