"""Check-in at the door: staff open an event's confirmed participants on a phone, search by name
or e-mail address, and mark who came (or undo it).

Attendance is kept on the registration (`attended_at`), which is the member's record: the data
export, the CRM export and the figures read it there. The pages are admin pages scoped like the
rest of the event admin (SECURITY.md C3): staff are the users who may manage the event.
"""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from .admin_views.access import EventAdminAccessMixin
from .admin_views.participants import event_breadcrumbs
from .models import EventRegistration

SEARCH_MAX_LENGTH = 200


def search_participants(event, query: str):
    """Confirmed participants of `event` whose name or address holds every word of `query`."""
    registrations = (
        EventRegistration.objects.filter(event=event)
        .confirmed()
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "visitor_name", "pk")
    )
    for word in query.split()[:5]:
        registrations = registrations.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(visitor_name__icontains=word)
            | Q(visitor_email__icontains=word)
        )
    return registrations


def mark_attended(registration, attended: bool, now=None) -> bool:
    """Record (or undo) that the participant came. Returns whether anything changed."""
    if attended == bool(registration.attended_at):
        return False
    registration.attended_at = (now or timezone.now()) if attended else None
    registration.save(update_fields=["attended_at"])
    return True


class CheckInForm(forms.Form):
    registration = forms.IntegerField(min_value=1)
    attended = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    q = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH)


class CheckInView(EventAdminAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The search box and one row per confirmed participant with a button to mark them."""

    template_name = "events/checkin/checkin.html"

    def get_page_title(self):
        return gettext("Check-in")

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return event_breadcrumbs(self, self.event, gettext("Check-in"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
        confirmed = EventRegistration.objects.filter(event=self.event).confirmed()
        context.update(
            event=self.event,
            query=query,
            participants=search_participants(self.event, query)[:200],
            total=confirmed.count(),
            attended=confirmed.filter(attended_at__isnull=False).count(),
            may_change=self.may_change,
            action_url=reverse("event_registrations:checkin", args=[self.event.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.may_change:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = CheckInForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("That did not work; please try again."))
            return redirect(reverse("event_registrations:checkin", args=[self.event.pk]))
        registration = (
            EventRegistration.objects.filter(event=self.event)
            .confirmed()
            .select_related("user")
            .filter(pk=form.cleaned_data["registration"])
            .first()
        )
        if registration is None:  # not a confirmed participant of *this* event
            raise Http404
        attended = form.cleaned_data["attended"]
        if mark_attended(registration, attended):
            log(
                instance=self.event,
                action="events.attendance_marked" if attended else "events.attendance_undone",
                user=request.user,
                data={"registration": registration.pk},
            )
        if attended:
            message = gettext("%(name)s is marked as attended.")
        else:
            message = gettext("%(name)s is no longer marked as attended.")
        messages.success(request, message % {"name": registration.display_name})
        url = reverse("event_registrations:checkin", args=[self.event.pk])
        if form.cleaned_data["q"]:
            url += "?" + urlencode({"q": form.cleaned_data["q"]})
        return redirect(f"{url}#participant-{registration.pk}")
