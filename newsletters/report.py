"""The figures of one campaign (issue 8): the audience frozen at send time, what was sent, what was
skipped and why, what failed, bounces, complaints, unsubscribes and clicks per link, each as a
number and a share. Four queries however large the campaign; shown in the admin and as CSV.

Shares of sent/skipped/failed are of the audience; shares of bounces, complaints, unsubscribes and
clicks are of the mails sent. Clicks are counted per link by first-party redirects that record no
person, so they are totals, not people.
"""

import csv
import io

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import CampaignSend, ConsentAction, ConsentEvent, Delivery, DeliveryStatus, Feedback

# Spreadsheets run a cell starting with one of these as a formula (SECURITY.md X6).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """The cell as text that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _share(count: int, base: int) -> float | None:
    return round(100 * count / base, 1) if base else None


def campaign_report(campaign) -> dict:
    """{"campaign", "send", "audience", "sent", "figures": [{"key", "label", "count", "share",
    "of"}], "links": [{"url", "clicks", "share"}]} for `campaign`."""
    send = CampaignSend.objects.filter(campaign=campaign).first()
    totals = Delivery.objects.filter(campaign=campaign).aggregate(
        rows=Count("pk"),
        sent=Count("pk", filter=Q(status__in=[DeliveryStatus.SENT, DeliveryStatus.HANDING])),
        no_consent=Count("pk", filter=Q(status=DeliveryStatus.SKIPPED_CONSENT)),
        cap=Count("pk", filter=Q(status=DeliveryStatus.SKIPPED_CAP)),
        suppressed=Count("pk", filter=Q(status=DeliveryStatus.SKIPPED_SUPPRESSED)),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        waiting=Count("pk", filter=Q(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.CLAIMED])),
        bounces=Count("pk", filter=Q(feedback=Feedback.BOUNCED)),
        complaints=Count("pk", filter=Q(feedback=Feedback.COMPLAINED)),
    )
    unsubscribes = ConsentEvent.objects.filter(
        campaign=campaign, action=ConsentAction.WITHDRAWN
    ).aggregate(people=Count("subscriber", distinct=True))["people"]
    links = list(campaign.links.order_by("-clicks", "url").values("url", "clicks"))

    audience = send.audience_count if send and send.audience_count else totals["rows"]
    sent = totals["sent"]
    of_audience, of_sent = _("of the audience"), _("of the mails sent")

    def figure(key, label, count, base, of):
        return {"key": key, "label": label, "count": count, "share": _share(count, base), "of": of}

    figures = [
        figure("audience", _("Audience when sending started"), audience, audience, of_audience),
        figure("sent", _("Sent"), sent, audience, of_audience),
        figure(
            "no_consent",
            _("Skipped: no consent at send time"),
            totals["no_consent"],
            audience,
            of_audience,
        ),
        figure("cap", _("Skipped: frequency cap"), totals["cap"], audience, of_audience),
        figure(
            "suppressed",
            _("Skipped: suppressed address"),
            totals["suppressed"],
            audience,
            of_audience,
        ),
        figure("failed", _("Refused by the mail server"), totals["failed"], audience, of_audience),
        figure("waiting", _("Not sent yet"), totals["waiting"], audience, of_audience),
        figure("bounces", _("Bounces"), totals["bounces"], sent, of_sent),
        figure("complaints", _("Marked as spam"), totals["complaints"], sent, of_sent),
        figure("unsubscribes", _("Unsubscribed from this mail"), unsubscribes, sent, of_sent),
        figure("clicks", _("Clicks (all links)"), sum(x["clicks"] for x in links), sent, of_sent),
    ]
    for link in links:
        link["share"] = _share(link["clicks"], sent)
    return {
        "campaign": campaign,
        "send": send,
        "audience": audience,
        "sent": sent,
        "figures": figures,
        "by_key": {f["key"]: f for f in figures},
        "links": links,
    }


def report_csv(report: dict) -> str:
    """The same figures as CSV: figure, number, share (per cent); then one row per link."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Figure"), _("Number"), _("Share (%)")])
    for item in report["figures"]:
        share = "" if item["share"] is None else item["share"]
        writer.writerow([neutralise(item["label"]), item["count"], share])
    if report["links"]:
        writer.writerow([])
        writer.writerow([_("Link"), _("Clicks"), _("Share (%)")])
        for link in report["links"]:
            share = "" if link["share"] is None else link["share"]
            writer.writerow([neutralise(link["url"]), link["clicks"], share])
    return buffer.getvalue()
