"""Subscribing: the public form, the "check your e-mail" page and the confirmation link.

The form answers the same way whether or not the address is known, already subscribed or over the
mail limit (no enumeration; SECURITY.md A4, M7). The confirmation link only asks on GET (mail
scanners fetch links) and confirms on POST (E4).
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from .. import consent, tokens
from ..forms import SubscribeForm, offered_topics_for_user
from ..mail import confirmation_mail_allowed, send_confirmation
from ..models import CapturePoint, Subscription, SubscriptionStatus, Topic


def topic_choices(topics, checked_ids=(), statuses=None):
    """What components/topic_choices.html shows for each topic; with `statuses` (topic pk →
    SubscriptionStatus) each box also says where that consent stands."""
    labels = dict(SubscriptionStatus.choices)
    return [
        {
            "topic": topic,
            "checked": str(topic.pk) in checked_ids,
            "status_label": (
                labels.get(statuses.get(topic.pk), _("Not subscribed"))
                if statuses is not None
                else ""
            ),
        }
        for topic in topics
    ]


def invalid_link(request, status=404):
    """A token that is forged, altered, expired or names nobody: a clear page, nothing changed."""
    return TemplateResponse(request, "newsletters/invalid_link.html", {}, status=status)


class SubscribeView(View):
    """Name, e-mail and topics for anyone; a signed-in member ticks topics for their own address."""

    template_name = "newsletters/subscribe.html"

    def topics(self):
        user = self.request.user
        if user.is_authenticated:
            return offered_topics_for_user(user)
        return Topic.objects.active()

    def render(self, form, status=200):
        user = self.request.user
        topics = list(form.fields["topics"].queryset)
        active = set()
        if user.is_authenticated:
            active = set(
                Subscription.objects.filter(
                    subscriber__user=user,
                    status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.PENDING],
                ).values_list("topic_id", flat=True)
            )
        context = {
            "form": form,
            "choices": topic_choices(
                [topic for topic in topics if topic.pk not in active], form.checked_ids()
            ),
            "has_subscriptions": bool(active),
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render(
            SubscribeForm(topics=self.topics(), member=request.user.is_authenticated)
        )

    def post(self, request):
        member = request.user.is_authenticated
        form = SubscribeForm(request.POST, topics=self.topics(), member=member)
        if not form.is_valid():
            return self.render(form, status=400)
        email = request.user.email if member else form.cleaned_data["email"]
        # Over the limit nothing at all happens, and the answer is the same (M7).
        if confirmation_mail_allowed(request, email):
            if member:
                subscriber = consent.subscriber_for_user(request.user)
            else:
                subscriber = consent.subscriber_for_address(
                    email, name=form.cleaned_data["name"], language=(get_language() or "nb")[:2]
                )
            pending = consent.request_subscription(
                subscriber,
                list(form.cleaned_data["topics"]),
                capture_point=CapturePoint.PUBLIC_FORM,
            )
            send_confirmation(subscriber, pending)
        return redirect("newsletters:subscribe_sent")


class SubscribeSentView(TemplateView):
    template_name = "newsletters/subscribe_sent.html"


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """The link in the confirmation mail: a GET shows what will be confirmed, the POST confirms."""

    template_name = "newsletters/confirm.html"

    def read(self, token):
        found = tokens.read_confirmation_token(token)
        if found is None:
            return None, []
        subscriber, topic_pks = found
        subscriptions = list(
            Subscription.objects.select_related("topic")
            .filter(subscriber=subscriber, topic__in=topic_pks)
            .order_by("topic__sort_order", "topic__name_nb")
        )
        return subscriber, subscriptions

    def get(self, request, token):
        subscriber, subscriptions = self.read(token)
        if subscriber is None:
            return invalid_link(request)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "subscriber": subscriber,
                "pending": [
                    s.topic for s in subscriptions if s.status == SubscriptionStatus.PENDING
                ],
                "active": [s.topic for s in subscriptions if s.status == SubscriptionStatus.ACTIVE],
            },
        )

    def post(self, request, token):
        subscriber, subscriptions = self.read(token)
        if subscriber is None:
            return invalid_link(request)
        confirmed = consent.confirm(subscriber, [s.topic_id for s in subscriptions])
        active = consent.active_topic_ids(subscriber)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "subscriber": subscriber,
                "done": True,
                "confirmed": confirmed,
                "active": [s.topic for s in subscriptions if s.topic_id in active],
                "manage_url": tokens.manage_url(subscriber) if not subscriber.user_id else "",
            },
        )
