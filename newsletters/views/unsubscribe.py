"""Unsubscribing from the link in every marketing mail (SECURITY.md E5, E6).

The signed token is the authority, not a session: the view works without login and without
cookies, and is exempt from CSRF because RFC 8058 one-click POSTs come from mail programs that
have neither. A GET only shows what would happen and changes nothing (link scanners fetch links).
"""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import View

from .. import consent, tokens
from ..models import CaptureMethod, CapturePoint, SubscriptionStatus, SuppressionReason, Topic
from .subscribe import invalid_link

ONE_CLICK_BODY = b"List-Unsubscribe=One-Click"


def is_one_click(request) -> bool:
    """RFC 8058: the mail program POSTs exactly `List-Unsubscribe=One-Click`."""
    return request.body.strip() == ONE_CLICK_BODY


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class UnsubscribeView(View):
    template_name = "newsletters/unsubscribe.html"

    def read(self):
        return tokens.read_unsubscribe_token(self.kwargs["token"])

    def topics(self, subscriber, campaign):
        """The topics this link unsubscribes from: the campaign's, or all the person holds."""
        held = Topic.objects.filter(
            subscriptions__subscriber=subscriber,
            subscriptions__status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.PENDING],
        )
        if campaign is not None:
            held = held.filter(pk__in=campaign.topics.values("pk"))
        return list(held.order_by("sort_order", "name_nb"))

    def render(self, subscriber, campaign, **extra):
        context = {
            "subscriber": subscriber,
            "campaign": campaign,
            "topics": self.topics(subscriber, campaign),
            "manage_url": tokens.manage_url(subscriber),
            **extra,
        }
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, token):
        found = self.read()
        if found is None:
            return invalid_link(request)
        return self.render(*found)

    def post(self, request, token):
        one_click = is_one_click(request)
        found = self.read()
        if found is None:
            if one_click:
                return HttpResponse("Invalid link", status=404, content_type="text/plain")
            return invalid_link(request)
        subscriber, campaign = found
        if one_click:
            self.withdraw(
                subscriber,
                campaign,
                everything=campaign is None,
                capture_point=CapturePoint.ONE_CLICK,
                method=CaptureMethod.ONE_CLICK_POST,
            )
            return HttpResponse("Unsubscribed", content_type="text/plain; charset=utf-8")
        everything = campaign is None or request.POST.get("scope") == "all"
        topics = self.topics(subscriber, campaign)
        withdrawn = self.withdraw(
            subscriber,
            campaign,
            everything=everything,
            capture_point=CapturePoint.UNSUBSCRIBE_PAGE,
            method=CaptureMethod.EMAIL_LINK,
        )
        return self.render(
            subscriber, campaign, done=True, everything=everything, withdrawn=withdrawn or topics
        )

    def withdraw(self, subscriber, campaign, *, everything, capture_point, method):
        if everything:
            return consent.withdraw_all(
                subscriber,
                capture_point=capture_point,
                method=method,
                campaign=campaign,
                suppress=SuppressionReason.UNSUBSCRIBED,
            )
        return consent.withdraw(
            subscriber,
            campaign.topics.all(),
            capture_point=capture_point,
            method=method,
            campaign=campaign,
        )
