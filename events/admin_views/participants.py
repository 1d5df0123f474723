"""The events a user may manage, and one event's participants: the list with answers, the
waitlist in order, and the CSV export (SECURITY.md C3, X6)."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

from ..csv_export import answers_by_question, participants_csv
from ..models import EventRegistration, RegistrationStatus
from .access import AdminRefusalMixin, EventAdminAccessMixin, manageable_events

INDEX_URL_NAME = "event_registrations:index"


def event_breadcrumbs(view, event=None, label=""):
    items = [
        *view.breadcrumbs_items,
        {"url": reverse(INDEX_URL_NAME), "label": _("Event registrations")},
    ]
    if event is not None:
        items.append(
            {
                "url": reverse("event_registrations:participants", args=[event.pk]),
                "label": event.title,
            }
        )
    if label:
        items.append({"url": "", "label": label})
    return items


class EventListView(
    AdminRefusalMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """The events the user may manage, upcoming first, with their confirmed places and waitlist."""

    model = EventRegistration
    any_permission_required = ["view", "change"]
    template_name = "events/admin/event_list.html"
    page_title = _("Event registrations")
    header_icon = "date"
    PER_PAGE = 50

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        past = self.request.GET.get("when") == "past"
        query = self.request.GET.get("q", "").strip()[:200]
        events = manageable_events(self.request.user).select_related("faculty")
        events = events.past(now) if past else events.upcoming(now)
        if query:
            events = events.filter(title__icontains=query)
        events = events.annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waitlisted=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            ),
        )
        context.update(
            page_obj=Paginator(events, self.PER_PAGE).get_page(self.request.GET.get("p")),
            showing_past=past,
            query=query,
        )
        return context


def participant_rows(event, registrations, questions):
    return [
        {"registration": r, "answers": answers_by_question(r, questions)} for r in registrations
    ]


class ParticipantListView(EventAdminAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirmed participants with guests, answers and attendance; the waitlist in order;
    visitors who have not confirmed their address yet."""

    template_name = "events/admin/participants.html"

    def get_page_title(self):
        return self.event.title

    def get_page_subtitle(self):
        return gettext("Participants")

    def get_breadcrumbs_items(self):
        return event_breadcrumbs(self, self.event, gettext("Participants"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.event
        questions = list(event.questions.all())
        registrations = EventRegistration.objects.filter(event=event).select_related("user")
        confirmed = list(registrations.confirmed().order_by("created_at", "pk"))
        waitlist = list(registrations.waitlisted())
        pending = list(registrations.pending().order_by("created_at", "pk"))
        context.update(
            event=event,
            questions=questions,
            confirmed=participant_rows(event, confirmed, questions),
            waitlist=participant_rows(event, waitlist, questions),
            pending=pending,
            places_taken=sum(r.places for r in confirmed),
            attended=sum(1 for r in confirmed if r.attended_at),
            cancelled=registrations.filter(status=RegistrationStatus.CANCELLED).count(),
            may_change=self.may_change,
            export_url=reverse("event_registrations:export", args=[event.pk]),
            mail_url=reverse("event_registrations:mail", args=[event.pk]),
            duplicate_url=reverse("event_registrations:duplicate", args=[event.pk]),
            checkin_url=reverse("event_registrations:checkin", args=[event.pk]),
            edit_url=reverse("wagtailadmin_pages:edit", args=[event.pk]),
        )
        return context


class ParticipantExportView(EventAdminAccessMixin, View):
    """The participant list (confirmed, then the waitlist in order) as CSV; logged."""

    def get(self, request, *args, **kwargs):
        event = self.event
        questions = list(event.questions.all())
        registrations = EventRegistration.objects.filter(event=event).select_related("user")
        rows = [(r, None) for r in registrations.confirmed().order_by("created_at", "pk")]
        rows += [(r, position) for position, r in enumerate(registrations.waitlisted(), start=1)]
        content = participants_csv(rows, questions)
        log(
            instance=event,
            action="events.participants_exported",
            user=request.user,
            data={"rows": len(rows)},
        )
        filename = f"{slugify(event.slug or 'event')}-{gettext('participants')}.csv"
        response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slugify(filename[:-4])}.csv"'
        response["Cache-Control"] = "no-store"
        return response
