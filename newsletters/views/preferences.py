"""The preference centre: one switch per topic and the consent history.

`PreferencesView` is a member's own (login required); `ManageView` is the same page for whoever
holds a signed manage token from a mail (people without an account). Neither takes a subscriber id
from the request: the session or the signed token says whose page it is (SECURITY.md C1). Both are
never cached (S7): they show a person's consents.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View

from .. import consent, tokens
from ..forms import PreferencesForm, offered_topics_for
from ..mail import confirmation_mail_allowed, send_confirmation
from ..models import (
    CaptureMethod,
    CapturePoint,
    ConsentEvent,
    SubscriptionStatus,
    SuppressionReason,
)
from .subscribe import invalid_link, topic_choices

HISTORY_LIMIT = 200


class PreferenceCentre(View):
    """What both pages share; a subclass says whose subscriber it is and how the page is reached."""

    template_name = "newsletters/preferences.html"
    method = CaptureMethod.WEB_FORM

    def get_subscriber(self):
        raise NotImplementedError

    def this_url(self):
        raise NotImplementedError

    def statuses(self, subscriber):
        return dict(subscriber.subscriptions.values_list("topic_id", "status"))

    def render(self, subscriber, form=None, status=200):
        topics = list(offered_topics_for(subscriber))
        statuses = self.statuses(subscriber)
        on = {
            str(pk)
            for pk, state in statuses.items()
            if state in (SubscriptionStatus.ACTIVE, SubscriptionStatus.PENDING)
        }
        history = (
            ConsentEvent.objects.filter(subscriber=subscriber)
            .select_related("topic", "consent_text", "campaign")
            .order_by("-created_at", "-pk")[:HISTORY_LIMIT]
        )
        context = {
            "subscriber": subscriber,
            "choices": topic_choices(topics, on, statuses),
            "history": history,
            "has_consents": bool(on),
            "form_action": self.this_url(),
            "errors": form.errors.get("topics") if form is not None else None,
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        subscriber = self.get_subscriber()
        if subscriber is None:
            return invalid_link(request)
        return self.render(subscriber)

    def post(self, request, *args, **kwargs):
        subscriber = self.get_subscriber()
        if subscriber is None:
            return invalid_link(request)
        if request.POST.get("action") == "withdraw_all":
            consent.withdraw_all(
                subscriber,
                capture_point=CapturePoint.PREFERENCES,
                method=self.method,
                suppress=SuppressionReason.UNSUBSCRIBED,
            )
            messages.success(request, _("You are unsubscribed from everything."))
            return redirect(self.this_url())
        offered = offered_topics_for(subscriber)
        form = PreferencesForm(request.POST, topics=offered)
        if not form.is_valid():
            return self.render(subscriber, form=form, status=400)
        wanted = set(form.cleaned_data["topics"])
        statuses = self.statuses(subscriber)
        held = {
            topic
            for topic in offered
            if statuses.get(topic.pk) in (SubscriptionStatus.ACTIVE, SubscriptionStatus.PENDING)
        }
        if turned_off := held - wanted:
            consent.withdraw(
                subscriber,
                list(turned_off),
                capture_point=CapturePoint.PREFERENCES,
                method=self.method,
            )
        turned_on = wanted - held
        if turned_on and not confirmation_mail_allowed(request, subscriber.email):
            messages.warning(
                request,
                _(
                    "We sent you a confirmation e-mail a short while ago. Use the link in it, "
                    "or try again in half an hour."
                ),
            )
        elif turned_on:
            pending = consent.request_subscription(
                subscriber,
                sorted(turned_on, key=lambda topic: topic.pk),
                capture_point=CapturePoint.PREFERENCES,
                method=self.method,
            )
            send_confirmation(subscriber, pending)
            messages.success(
                request,
                _(
                    "Saved. We have sent you an e-mail: the new topics start when you confirm "
                    "with the link in it."
                ),
            )
        if turned_off and not turned_on:
            messages.success(request, _("Saved. You will get no more e-mail about those topics."))
        elif not turned_off and not turned_on:
            messages.info(request, _("Nothing changed."))
        return redirect(self.this_url())


@method_decorator(never_cache, name="dispatch")
class PreferencesView(LoginRequiredMixin, PreferenceCentre):
    def get_subscriber(self):
        return consent.subscriber_for_user(self.request.user)

    def this_url(self):
        return reverse("newsletters:preferences")


@method_decorator(never_cache, name="dispatch")
class ManageView(PreferenceCentre):
    """The preference centre from a signed link in a mail; works without login."""

    method = CaptureMethod.EMAIL_LINK

    def get_subscriber(self):
        return tokens.read_manage_token(self.kwargs["token"])

    def this_url(self):
        return reverse("newsletters:manage", args=[self.kwargs["token"]])
