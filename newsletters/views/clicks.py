"""First-party click counting for campaign links (the issue: clicks counted per link through
redirects that record no person; DESIGN.md §5, no tracking pixels).

The redirect counts the click with one F() update and sends the reader on. It reads no cookie,
sets none, logs no user and no address: the token names the link, never the recipient.
"""

from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.views import View

from ..models import CampaignLink


class LinkRedirectView(View):
    http_method_names = ["get", "head"]

    def get(self, request, token):
        url = CampaignLink.objects.filter(token=token).values_list("url", flat=True).first()
        if url is None or not url.startswith(("https://", "http://")):
            raise Http404
        CampaignLink.objects.filter(token=token).update(clicks=F("clicks") + 1)
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    def head(self, request, token):
        # Link scanners of mail providers probe with HEAD: answer without counting a click.
        url = CampaignLink.objects.filter(token=token).values_list("url", flat=True).first()
        if url is None:
            raise Http404
        return HttpResponseRedirect(url)
