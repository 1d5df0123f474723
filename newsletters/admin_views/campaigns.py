"""The campaign screens of the admin, scoped by `access` (SECURITY.md C3).

Every URL of one campaign (edit, history, revisions, compare, preview, workflow actions, lock,
delete, usage, report, test-send, stop) goes through `scoped_campaign_view`, so a coordinator of
another faculty gets the admin's 403 whatever Wagtail view sits behind it. The listing, the form's
faculty and topics, the live count and the chooser only offer what the user may handle.
"""

import functools

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from modelcluster.forms import ClusterForm
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.models import WorkflowState
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views

from home.admin_denial import permission_denied_403

from ..audience import audience_count
from ..models import Campaign, SendState, Topic
from ..report import campaign_report, report_csv
from . import access

AUDIENCE_FIELDS = [
    "faculty",
    "topics",
    "programmes",
    "graduation_year_from",
    "graduation_year_to",
    "interests",
    "countries",
    "language",
]


def topics_for(user, current=None):
    """The topics `user` may address: all for central staff; for a coordinator the topics of the
    whole university and of their faculties. Plus those the campaign already has."""
    topics = Topic.objects.active()
    if not access.is_central_staff(user):
        faculties = access.campaign_faculties(user)
        topics = topics.filter(faculty__isnull=True) | topics.filter(faculty__in=faculties)
    if current is not None:
        topics = topics | Topic.objects.filter(pk__in=current)
    return topics.distinct().order_by("sort_order", "name_nb")


def scope_audience_fields(form, user):
    """Coordinators must address one of their own faculties and may use only the topics open to
    them; central staff may address everyone."""
    instance_topics = None
    if form.instance.pk:
        instance_topics = [t.pk for t in form.instance.topics.all()]
    if "topics" in form.fields:
        form.fields["topics"].queryset = topics_for(user, instance_topics)
    if "faculty" in form.fields and not access.is_central_staff(user):
        faculty = form.fields["faculty"]
        faculty.queryset = access.campaign_faculties(user)
        faculty.required = True
        faculty.empty_label = None
        faculty.help_text = _("Only members with a degree from a faculty you coordinate.")


class CampaignForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            scope_audience_fields(self, self.for_user)

    def clean(self):
        cleaned_data = super().clean()
        # Saving a draft relaxes required fields; a coordinator's faculty is never optional, or
        # the campaign would reach every faculty's members (C3).
        user = self.for_user
        needs_faculty = user is not None and not access.is_central_staff(user)
        if needs_faculty and not cleaned_data.get("faculty") and "faculty" not in self.errors:
            self.add_error("faculty", _("Choose a faculty you coordinate."))
        return cleaned_data


class AudienceForm(ClusterForm):
    """The audience fields of the campaign form, for the live count; never saved."""

    class Meta:
        model = Campaign
        fields = AUDIENCE_FIELDS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope_audience_fields(self, user)
        self.fields["topics"].required = False


# --- Scoping every URL of one campaign ---------------------------------------------------------


def scoped_campaign_view(view):
    """Wrap a view whose URL names a campaign: 404 for an unknown id, the admin's 403 for a
    campaign outside the user's faculties (C3). Anonymous users fall through to the view, which
    sends them to log in."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            try:
                pk = int(unquote(str(kwargs["pk"])))
            except ValueError as exc:
                raise Http404 from exc
            campaign = get_object_or_404(Campaign.objects.only("pk", "faculty_id"), pk=pk)
            if not access.may_handle(request.user, campaign):
                return permission_denied_403(request)
        return view(request, *args, **kwargs)

    return wrapped


def scope_urlpatterns(patterns):
    scoped = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and "pk" in pattern.pattern.regex.groupindex:
            pattern = URLPattern(
                pattern.pattern,
                scoped_campaign_view(pattern.callback),
                pattern.default_args,
                pattern.name,
            )
        scoped.append(pattern)
    return scoped


# --- Listing ------------------------------------------------------------------------------------


def campaign_status(campaign) -> str:
    """Draft / in moderation / approved, sends at … / sending / sent / stopped."""
    send = campaign.sending
    if send is not None and send.state != SendState.SCHEDULED:
        return {
            SendState.SENDING: _("Sending"),
            SendState.SENT: _("Sent"),
            SendState.CANCELLED: _("Stopped"),
        }[send.state]
    if getattr(campaign, "in_moderation", False):
        return _("In moderation")
    if campaign.live:
        if campaign.send_at and campaign.send_at > timezone.now():
            moment = formats.date_format(timezone.localtime(campaign.send_at), "DATETIME_FORMAT")
            return _("Approved, sends at %(moment)s") % {"moment": moment}
        return _("Approved, sends as soon as possible")
    return _("Draft")


def topic_names(campaign) -> str:
    return ", ".join(topic.name for topic in campaign.topics.all())


def faculty_code(campaign) -> str:
    return campaign.faculty.code if campaign.faculty_id else _("All faculties")


def audience_at_send(campaign):
    send = campaign.sending
    return send.audience_count if send is not None else ""


def scoped_campaigns(user):
    """The listing's queryset: the user's campaigns with what the columns need, in a constant
    number of queries."""
    content_type = ContentType.objects.get_for_model(Campaign)
    in_moderation = WorkflowState.objects.filter(
        base_content_type=content_type,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    return (
        access.campaigns_for(user)
        .select_related("faculty", "send")
        .prefetch_related("topics")
        .annotate(in_moderation=Exists(in_moderation))
    )


class CampaignIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return scoped_campaigns(self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.sending is not None:
            buttons.append(
                Button(
                    _("Report"),
                    url=reverse("wagtailsnippets_newsletters_campaign:report", args=[instance.pk]),
                    icon_name="doc-full",
                    priority=5,
                )
            )
        return buttons


class CampaignCreateView(snippet_views.CreateView):
    def get_initial_form_instance(self):
        return Campaign(created_by=self.request.user)


class CampaignEditView(snippet_views.EditView):
    """Once sending has started the content is frozen: the edit URL leads to the report."""

    def dispatch(self, request, *args, **kwargs):
        campaign = self.object if hasattr(self, "object") else None
        if campaign is not None and not campaign.is_editable():
            messages.warning(
                request, _("Sending has started, so the campaign can no longer be changed.")
            )
            return redirect("wagtailsnippets_newsletters_campaign:report", campaign.pk)
        return super().dispatch(request, *args, **kwargs)

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Send a test to myself"),
                url=reverse(
                    "wagtailsnippets_newsletters_campaign:test_send", args=[self.object.pk]
                ),
                icon_name="mail",
                priority=30,
            )
        )
        return buttons


class CampaignHistoryView(snippet_views.HistoryView):
    pass


# The chooser lists campaigns too (the consent ledger points at them): only the user's own.
class CampaignChooseView(snippet_chooser.ChooseView):
    def get_object_list(self):
        return access.campaigns_for(self.request.user)


class CampaignChooseResultsView(snippet_chooser.ChooseResultsView):
    def get_object_list(self):
        return access.campaigns_for(self.request.user)


def choosable_topics(user):
    """Every topic for central staff; for a coordinator the whole university's and their
    faculties' topics, inactive ones too (C3: another faculty's topics stay out of the chooser)."""
    topics = Topic.objects.all()
    if not access.is_central_staff(user):
        faculties = access.campaign_faculties(user)
        topics = topics.filter(Q(faculty__isnull=True) | Q(faculty__in=faculties))
    return topics


class TopicChooseView(snippet_chooser.ChooseView):
    def get_object_list(self):
        return choosable_topics(self.request.user)


class TopicChooseResultsView(snippet_chooser.ChooseResultsView):
    def get_object_list(self):
        return choosable_topics(self.request.user)


class TopicChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return choosable_topics(self.request.user).get(pk=pk)


class TopicChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = TopicChooseView
    choose_results_view_class = TopicChooseResultsView
    chosen_view_class = TopicChosenView


class CampaignChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = CampaignChooseView
    choose_results_view_class = CampaignChooseResultsView

    def get_urlpatterns(self):
        return scope_urlpatterns(super().get_urlpatterns())


# --- The audience panel with its live count ----------------------------------------------------


class AudienceCountPanel(Panel):
    """The live "N recipients" on the Audience tab, refreshed by static/js/campaign-audience.js
    when an audience field changes (no inline script: CSP)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "newsletters/admin/audience_count_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["count_url"] = reverse("wagtailsnippets_newsletters_campaign:audience_count")
            return context

        @property
        def media(self):
            return forms.Media(js=["js/campaign-audience.js"])


class AudienceCountView(View):
    """POST the campaign form's audience fields; answers {"count": n} for the user's scope."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not access.campaigns_for(request.user).exists() and not request.user.has_perm(
            "newsletters.add_campaign"
        ):
            return JsonResponse({"error": "forbidden"}, status=403)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        form = AudienceForm(request.POST, user=request.user, instance=Campaign())
        if not form.is_valid():
            errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
            return JsonResponse({"count": None, "errors": errors}, status=400)
        campaign = form.save(commit=False)
        if not access.is_central_staff(request.user) and not campaign.faculty_id:
            return JsonResponse({"count": None}, status=400)
        count = audience_count(campaign)
        label = ngettext("%(count)s recipient", "%(count)s recipients", count) % {
            "count": formats.number_format(count, force_grouping=True)
        }
        return JsonResponse({"count": count, "label": label})


# --- Test-send, stop, report -------------------------------------------------------------------


class CampaignActionView(WagtailAdminTemplateMixin, TemplateView):
    """Base of the per-campaign views added to the snippet viewset (already scoped by URL)."""

    header_icon = "mail"
    page_title = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.campaign = get_object_or_404(
            Campaign.objects.select_related("faculty"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.campaign.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {
                "url": reverse("wagtailsnippets_newsletters_campaign:list"),
                "label": capfirst(Campaign._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_header_title()},
        ]

    def render(self, **context):
        context = self.get_context_data(
            campaign=self.campaign,
            edit_url=reverse("wagtailsnippets_newsletters_campaign:edit", args=[self.campaign.pk]),
            index_url=reverse("wagtailsnippets_newsletters_campaign:list"),
            **context,
        )
        return self.render_to_response(context)


class TestSendView(CampaignActionView):
    """GET shows what will be sent and to whom; POST sends the latest revision to the user."""

    template_name = "newsletters/admin/test_send.html"
    page_title = gettext_lazy("Send a test to myself")

    def get(self, request, pk):
        return self.render(address=request.user.email)

    def post(self, request, pk):
        from .. import sending

        sending.send_test(self.campaign, request.user)
        messages.success(request, _("Test sent to %(address)s") % {"address": request.user.email})
        return redirect("wagtailsnippets_newsletters_campaign:edit", self.campaign.pk)


class StopSendingView(CampaignActionView):
    """GET asks for confirmation; POST stops the sending before its next batch."""

    template_name = "newsletters/admin/stop_sending.html"
    page_title = gettext_lazy("Stop sending")

    def dispatch(self, request, *args, **kwargs):
        if not access.may_stop(request.user, self.campaign):
            return permission_denied_403(request)
        send = self.campaign.sending
        if send is None or send.state not in (SendState.SCHEDULED, SendState.SENDING):
            messages.error(request, _("This campaign is not being sent."))
            return redirect("wagtailsnippets_newsletters_campaign:report", self.campaign.pk)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        return self.render()

    def post(self, request, pk):
        from .. import sending

        sending.stop(self.campaign)
        messages.success(request, _("Sending stopped. No more mails go out for this campaign."))
        return redirect("wagtailsnippets_newsletters_campaign:report", self.campaign.pk)


class CampaignReportView(CampaignActionView):
    template_name = "newsletters/admin/campaign_report.html"
    page_title = gettext_lazy("Report")

    def get(self, request, pk):
        report = campaign_report(self.campaign)
        send = report["send"]
        can_stop = send is not None and send.state in (SendState.SCHEDULED, SendState.SENDING)
        return self.render(
            report=report,
            status=campaign_status(self.campaign),
            csv_url=reverse("wagtailsnippets_newsletters_campaign:report_csv", args=[pk]),
            stop_url=(
                reverse("wagtailsnippets_newsletters_campaign:stop", args=[pk]) if can_stop else ""
            ),
        )


class CampaignReportCSVView(CampaignActionView):
    def get(self, request, pk):
        response = HttpResponse(
            report_csv(campaign_report(self.campaign)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="campaign-{pk}-report.csv"'
        return response


def admin_only(view_class, **initkwargs):
    """An extra view behind the admin login and the MFA the admin requires."""
    return require_admin_access(view_class.as_view(**initkwargs))


# --- The site history (audit log) ----------------------------------------------------------------


def scope_campaign_log_entries():
    """Wagtail's site history shows a user every log entry of a model they hold any permission
    on, so a coordinator would read the titles of other faculties' campaigns there (C3). Log
    entries of campaigns outside the user's scope are left out; safe to call twice."""
    from wagtail.models.audit_log import ModelLogEntryManager

    original = ModelLogEntryManager.viewable_by_user
    if getattr(original, "scoped_to_campaigns", False):
        return

    def viewable_by_user(self, user):
        entries = original(self, user)
        if user.is_superuser or access.is_central_staff(user):
            return entries
        own = (
            access.campaigns_for(user)
            .annotate(key=Cast("pk", output_field=CharField()))
            .values("key")
        )
        campaign_type = ContentType.objects.get_for_model(Campaign)
        return entries.exclude(Q(content_type=campaign_type) & ~Q(object_id__in=own))

    viewable_by_user.scoped_to_campaigns = True
    ModelLogEntryManager.viewable_by_user = viewable_by_user
