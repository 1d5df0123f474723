"""Views of events: the event page with its registration form, and the links sent by mail
(confirm a visitor's address, cancel, give feedback).

Who may register is decided in `events.registration` (refusal_for); every view asks it, and the
registration service asks it again on POST.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View

from allauth.core import ratelimit

from community.groups import policy as group_policy

from .forms import FeedbackForm, RegistrationForm
from .ics import event_ics, ics_filename
from .models import EventFeedback, EventRegistration, RegistrationStatus
from .registration import (
    RegistrationRefused,
    active_registration_of,
    can_cancel,
    cancel,
    confirm_visitor,
    refusal_for,
    register,
)
from .tokens import registration_from_feedback_token, registration_from_visitor_token


def confirmation_mail_allowed(request, email: str) -> bool:
    """At most 5 confirmation mails per address per 30 minutes (SECURITY.md M7), counted the way
    the accounts app counts its confirmation mail: allauth's rate limits in the cache, with the
    rate in ACCOUNT_RATE_LIMITS["event_visitor_confirmation"]. Every attempt counts, so the
    answer says nothing about whether the address has registered."""
    return ratelimit.consume(
        request, action="event_visitor_confirmation", key=email.strip().lower()
    )


def registration_context(page, request, form=None) -> dict:
    """What the event page shows about registering, for this person."""
    user = request.user
    registration = active_registration_of(page, user)
    refusal = None if registration else refusal_for(page, user)
    if registration is None and refusal is None and form is None:
        # The questions are loaded only for the form that asks them.
        form = RegistrationForm(page, visitor=not user.is_authenticated)
    places_left = page.places_left()
    return {
        "registration": registration,
        "waitlist_position": registration.waitlist_position() if registration else None,
        "refusal": refusal[1] if refusal else "",
        "form": form if registration is None and refusal is None else None,
        "places_left": places_left,
        "is_full": places_left == 0,
        "can_cancel": bool(registration and can_cancel(registration)),
        # The online link is for confirmed participants only, never for the page's readers.
        "online_url": page.online_url if registration and registration.is_confirmed else "",
    }


def meetup_context(page, request) -> dict:
    """For a group's meetup: its group, and whether this person runs the group's meetups."""
    group = page.group if page.is_meetup else None
    return {
        "meetup_group": group,
        "can_schedule": bool(group and group_policy.can_schedule_meetups(group, request.user)),
    }


def render_event_page(page, request, form=None, status=200):
    context = page.get_context(request)
    context.update(registration_context(page, request, form))
    context.update(meetup_context(page, request))
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if request.user.is_authenticated:
        # The page differs per member (their status, the online link): never cached for others.
        response["Cache-Control"] = "private, no-store"
    return response


def event_page_view(page, request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return render_event_page(page, request)


def register_view(page, request):
    if request.method != "POST":
        return redirect(page.url)
    is_visitor = not request.user.is_authenticated
    refusal = refusal_for(page, request.user)
    if refusal or active_registration_of(page, request.user):
        return redirect(page.url)
    form = RegistrationForm(page, request.POST, visitor=is_visitor)
    if not form.is_valid():
        return render_event_page(page, request, form=form, status=400)
    visitor_email = form.cleaned_data.get("visitor_email", "")
    mail_allowed = not is_visitor or confirmation_mail_allowed(request, visitor_email)
    try:
        registration = register(
            page,
            user=None if is_visitor else request.user,
            visitor_name=form.cleaned_data.get("visitor_name", ""),
            visitor_email=visitor_email,
            guests=form.cleaned_data.get("guests") or 0,
            answers=form.answers(),
            language=page.locale.language_code,
            send_confirmation=mail_allowed,
        )
    except RegistrationRefused as refused:
        form.add_error(None, refused.message)
        return render_event_page(page, request, form=form, status=400)
    if is_visitor and not mail_allowed:
        # Said the same way whether or not the address had registered before.
        messages.info(
            request,
            _(
                "We sent an e-mail to this address a short while ago. Use the link in it to "
                "confirm your registration. If it has not arrived, try again in half an hour."
            ),
        )
    elif is_visitor:
        messages.success(
            request,
            _(
                "Almost done: we have sent you an e-mail. Use the link in it to confirm your "
                "registration."
            ),
        )
    elif registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation is on its way by e-mail."))
    else:
        messages.success(request, _("The event is full. You are on the waitlist."))
    return redirect(page.url)


def member_cancel_view(page, request):
    if request.method != "POST":
        return redirect(page.url)
    registration = active_registration_of(page, request.user)
    if registration is None:
        return redirect(page.url)
    try:
        cancel(registration)
    except RegistrationRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(page.url)


def event_ics_view(page, request):
    """The event's .ics; a confirmed participant's copy also holds the online link."""
    registration = active_registration_of(page, request.user)
    online_url = page.online_url if registration and registration.is_confirmed else ""
    response = HttpResponse(
        event_ics(page, online_url=online_url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(page)}"'
    if online_url:
        response["Cache-Control"] = "private, no-store"
    return response


@method_decorator(never_cache, name="dispatch")
class CancelByTokenView(View):
    """The cancel link in every registration mail; works without signing in. A GET only asks."""

    template_name = "events/cancel.html"

    def get_registration(self, token):
        registration = (
            EventRegistration.objects.select_related("event").filter(cancel_token=token).first()
        )
        if registration is None:
            raise Http404
        return registration

    def render(self, registration, status=200, done=False):
        context = {
            "registration": registration,
            "event": registration.event,
            "can_cancel": can_cancel(registration),
            "done": done,
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, token):
        return self.render(self.get_registration(token))

    def post(self, request, token):
        registration = self.get_registration(token)
        try:
            registration = cancel(registration)
        except RegistrationRefused:
            return self.render(registration, status=400)
        return self.render(registration, done=True)


@method_decorator(never_cache, name="dispatch")
class VisitorConfirmView(View):
    """A visitor confirms their address: a GET shows a button (mail scanners follow links), the
    POST confirms."""

    template_name = "events/visitor_confirm.html"

    def get_registration(self, token):
        registration = registration_from_visitor_token(token)
        if registration is None:
            raise Http404
        return registration

    def get(self, request, token):
        registration = self.get_registration(token)
        return TemplateResponse(
            request, self.template_name, {"registration": registration, "event": registration.event}
        )

    def post(self, request, token):
        registration = self.get_registration(token)
        try:
            registration = confirm_visitor(registration)
        except RegistrationRefused as refused:
            return TemplateResponse(
                request,
                self.template_name,
                {
                    "registration": registration,
                    "event": registration.event,
                    "error": refused.message,
                },
                status=400,
            )
        return TemplateResponse(
            request,
            self.template_name,
            {"registration": registration, "event": registration.event, "done": True},
        )


@method_decorator(never_cache, name="dispatch")
class FeedbackView(View):
    """The short feedback form linked from the mail after the event."""

    template_name = "events/feedback.html"

    def get_registration(self, token):
        registration = registration_from_feedback_token(token)
        if registration is None or not registration.event.has_ended():
            raise Http404
        return registration

    def render(self, registration, form=None, status=200):
        given = EventFeedback.objects.filter(registration=registration).exists()
        context = {
            "registration": registration,
            "event": registration.event,
            "form": form or FeedbackForm(),
            "given": given,
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, token):
        return self.render(self.get_registration(token))

    def post(self, request, token):
        registration = self.get_registration(token)
        if EventFeedback.objects.filter(registration=registration).exists():
            return self.render(registration)
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            return self.render(registration, form=form, status=400)
        feedback = form.save(commit=False)
        feedback.registration = registration
        feedback.save()
        return self.render(registration)
