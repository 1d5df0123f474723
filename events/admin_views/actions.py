"""What a coordinator does with one event: mail its registered participants, duplicate it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.log_actions import log

from accounts.mail import send_to_address

from ..models import EventPage, EventRegistration
from .access import EventAdminAccessMixin
from .participants import event_breadcrumbs

PARTICIPANT_MAIL_TEMPLATE = "events/admin/mail/participant_message"


class ParticipantMailForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    text = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text. Each participant gets their own mail, with a link to the event."),
    )

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:  # SECURITY.md X5
            raise forms.ValidationError(_("The subject must be one line."))
        return subject


def send_participant_message(event, subject: str, text: str) -> int:
    """One transactional mail to each confirmed participant, in their language. Returns how many
    were sent."""
    registrations = EventRegistration.objects.filter(event=event).confirmed().select_related("user")
    sent = 0
    for registration in registrations:
        if not registration.email:
            continue
        send_to_address(
            registration.email,
            registration.mail_language,
            PARTICIPANT_MAIL_TEMPLATE,
            {
                "event": event,
                "name": registration.display_name,
                "subject": subject,
                "text": text,
                "event_url": event.full_url or "",
            },
        )
        sent += 1
    return sent


class ParticipantMailView(EventAdminAccessMixin, WagtailAdminTemplateMixin, FormView):
    """Write to the confirmed participants of this event (not the waitlist, not visitors who
    have not confirmed their address)."""

    template_name = "events/admin/mail_participants.html"
    form_class = ParticipantMailForm
    any_permission_required = None
    permission_required = "change"

    def get_page_title(self):
        return gettext("Mail the participants")

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return event_breadcrumbs(self, self.event, gettext("Mail the participants"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            event=self.event,
            recipients=EventRegistration.objects.filter(event=self.event).confirmed().count(),
            participants_url=reverse("event_registrations:participants", args=[self.event.pk]),
        )
        return context

    def form_valid(self, form):
        event = self.event
        sent = send_participant_message(
            event, form.cleaned_data["subject"], form.cleaned_data["text"]
        )
        log(
            instance=event,
            action="events.participants_mailed",
            user=self.request.user,
            data={"subject": form.cleaned_data["subject"], "recipients": sent},
        )
        messages.success(
            self.request,
            ngettext(
                "The message was sent to %(count)d participant.",
                "The message was sent to %(count)d participants.",
                sent,
            )
            % {"count": sent},
        )
        return redirect("event_registrations:participants", event.pk)


class DuplicateEventForm(forms.Form):
    start = forms.DateTimeField(
        label=_("New start"),
        widget=AdminDateTimeInput,
        help_text=_(
            "The end, and when registration opens and closes, move by as much as the start."
        ),
    )


def free_slug(parent, slug: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug[:240]}-{number}"
        number += 1
    return candidate


def duplicate_event(event: EventPage, start, user) -> EventPage:
    """A draft copy of `event` under the same parent, moved in time so that it starts at `start`;
    its questions come along, its registrations do not."""
    shift = start - event.start
    parent = event.get_parent()

    def moved(moment):
        return moment + shift if moment else None

    with transaction.atomic():
        copy = event.copy(
            to=parent,
            update_attrs={
                "slug": free_slug(parent, event.slug),
                "start": event.start + shift,
                "end": event.end + shift,
                "registration_opens_at": moved(event.registration_opens_at),
                "registration_closes_at": moved(event.registration_closes_at),
            },
            copy_revisions=False,
            keep_live=False,
            user=user,
        )
        copy.save_revision(user=user, log_action=False)
    return copy.specific


class DuplicateEventView(EventAdminAccessMixin, WagtailAdminTemplateMixin, FormView):
    """Copy the event as a draft, for those who may add pages where it is."""

    template_name = "events/admin/duplicate.html"
    form_class = DuplicateEventForm
    any_permission_required = None
    permission_required = "change"

    def get(self, request, *args, **kwargs):
        self.check_may_add()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.check_may_add()
        return super().post(request, *args, **kwargs)

    def check_may_add(self):
        parent = self.event.get_parent()
        if not parent.permissions_for_user(self.request.user).can_add_subpage():
            raise PermissionDenied

    def get_initial(self):
        return {"start": self.event.start}

    def get_page_title(self):
        return gettext("Duplicate the event")

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return event_breadcrumbs(self, self.event, gettext("Duplicate the event"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            event=self.event,
            participants_url=reverse("event_registrations:participants", args=[self.event.pk]),
        )
        return context

    def form_valid(self, form):
        copy = duplicate_event(self.event, form.cleaned_data["start"], self.request.user)
        messages.success(
            self.request,
            gettext("A draft copy of “%(title)s” was made; check it and publish it when ready.")
            % {"title": self.event.title},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[copy.pk]))
