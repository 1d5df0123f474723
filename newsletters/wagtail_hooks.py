"""Admin registration of newsletters: one "Newsletters" menu with the topics (editors and
communications), the campaigns (drafts, revisions, preview, locking and the approval workflow;
coordinators see only their faculties', SECURITY.md C3), and for central staff the read-only
subscribers, consent ledger and suppression list. The frequency cap (MailSettings) is a site
setting only administrators may change."""

from django import forms
from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community.wagtail_hooks import ReadOnlyModelViewSet, model_permissions

from .admin_views import campaigns as campaign_admin
from .admin_views import records
from .models import Campaign, ConsentEvent, Subscriber, SubscriptionStatus, Suppression, Topic


class TopicViewSet(SnippetViewSet):
    """Topics with their consent text; saving a changed text starts a new version (the model
    does it) and the inspect view shows every version ever shown."""

    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    base_url_path = "newsletters/topics"
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = records.TopicInspectView
    chooser_viewset_class = campaign_admin.TopicChooserViewSet
    inspect_view_fields = records.TopicInspectView.fields
    search_backend_name = None
    search_fields = ["name_nb", "name_en", "slug"]
    list_display = [
        "name",
        Column("kind", label=_("Kind"), accessor="get_kind_display", sort_key="kind"),
        Column(
            "faculty",
            label=_("Faculty"),
            accessor=lambda t: t.faculty.code if t.faculty_id else "–",
        ),
        BooleanColumn("is_active", label=_("Offered"), sort_key="is_active"),
        Column("subscriber_count", label=_("Subscribers"), sort_key="subscriber_count"),
        Column("consent_version", label=_("Consent text version"), sort_key="consent_version"),
    ]
    list_filter = ["kind", "is_active"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("name_nb"), FieldPanel("name_en"), FieldPanel("slug")],
                heading=_("Name"),
            ),
            MultiFieldPanel(
                [FieldPanel("description_nb"), FieldPanel("description_en")],
                heading=_("Description"),
            ),
            MultiFieldPanel(
                [FieldPanel("consent_text_nb"), FieldPanel("consent_text_en")],
                heading=_("Consent text"),
                help_text=_(
                    "Changing the text starts a new version; what people agreed to before is kept."
                ),
            ),
            FieldPanel("kind"),
            FieldPanel("faculty", widget=forms.Select),
            FieldPanel("is_active"),
            FieldPanel("sort_order"),
        ]
    )

    def get_queryset(self, request):
        return Topic.objects.select_related("faculty").annotate(
            subscriber_count=Count(
                "subscriptions", filter=Q(subscriptions__status=SubscriptionStatus.ACTIVE)
            )
        )


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "mail"
    menu_label = _("Campaigns")
    base_url_path = "newsletters/campaigns"
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    search_fields = ["title", "subject_nb"]
    index_view_class = campaign_admin.CampaignIndexView
    add_view_class = campaign_admin.CampaignCreateView
    edit_view_class = campaign_admin.CampaignEditView
    chooser_viewset_class = campaign_admin.CampaignChooserViewSet
    list_display = [
        "title",
        Column("faculty", label=_("Faculty"), accessor=campaign_admin.faculty_code),
        Column("topics", label=_("Topics"), accessor=campaign_admin.topic_names),
        Column("status", label=_("Status"), accessor=campaign_admin.campaign_status),
        DateColumn("send_at", label=_("Send at"), sort_key="send_at"),
        Column("audience", label=_("Audience"), accessor=campaign_admin.audience_at_send),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(Campaign.content_panels, heading=_("Content")),
            ObjectList(
                [*Campaign.audience_panels, campaign_admin.AudienceCountPanel()],
                heading=_("Audience"),
            ),
            ObjectList(Campaign.schedule_panels, heading=_("Schedule")),
        ],
        base_form_class=campaign_admin.CampaignForm,
    )

    def get_urlpatterns(self):
        only = campaign_admin.admin_only
        extra = [
            path(
                "audience-count/",
                only(campaign_admin.AudienceCountView),
                name="audience_count",
            ),
            path("<int:pk>/report/", only(campaign_admin.CampaignReportView), name="report"),
            path(
                "<int:pk>/report.csv",
                only(campaign_admin.CampaignReportCSVView),
                name="report_csv",
            ),
            path("<int:pk>/test-send/", only(campaign_admin.TestSendView), name="test_send"),
            path("<int:pk>/stop/", only(campaign_admin.StopSendingView), name="stop"),
        ]
        return campaign_admin.scope_urlpatterns(super().get_urlpatterns() + extra)


class SubscriberViewSet(ReadOnlyModelViewSet):
    """Who can receive marketing mail; search by address. Read-only."""

    model = Subscriber
    name = "newsletter_subscribers"
    icon = "user"
    menu_label = _("Subscribers")
    url_prefix = "newsletters/subscribers"
    inspect_view_enabled = True
    list_per_page = 50
    search_fields = ["email", "name"]
    index_view_class = records.SubscriberIndexView
    inspect_view_class = records.SubscriberInspectView
    inspect_view_fields = records.SubscriberInspectView.fields
    list_display = [
        "email",
        "name",
        BooleanColumn("user", label=_("Member"), accessor=lambda s: bool(s.user_id)),
        "language",
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]

    def get_queryset(self, request):
        return Subscriber.objects.order_by("-created_at")


class ConsentLedgerViewSet(ReadOnlyModelViewSet):
    """The append-only consent ledger (SECURITY.md E2): a listing and nothing that changes it."""

    model = ConsentEvent
    name = "consent_ledger"
    list_per_page = 50
    icon = "list-ul"
    menu_label = _("Consent ledger")
    url_prefix = "newsletters/consent-ledger"
    inspect_view_enabled = False
    search_fields = ["subscriber__email"]
    index_view_class = records.ConsentLedgerIndexView
    list_filter = ["topic", "action", "capture_point"]
    list_display = [
        DateColumn("created_at", label=_("Time"), sort_key="created_at"),
        Column("subscriber", label=_("Subscriber"), accessor=lambda e: e.subscriber or _("Erased")),
        "topic",
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("version", label=_("Text version"), accessor="consent_text.version"),
        Column("capture_point", label=_("Where"), accessor="get_capture_point_display"),
        Column("method", label=_("How"), accessor="get_method_display"),
        Column("campaign", label=_("Campaign"), accessor=lambda e: e.campaign or ""),
    ]

    def get_queryset(self, request):
        return ConsentEvent.objects.select_related(
            "subscriber", "topic", "consent_text", "campaign"
        ).order_by("-created_at", "-pk")


class SuppressionViewSet(ModelViewSet):
    """Addresses that get no marketing mail, as hashes. Staff add one; administrators remove."""

    model = Suppression
    name = "suppression_list"
    icon = "cross"
    menu_label = _("Suppression list")
    url_prefix = "newsletters/suppression"
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50
    index_view_class = records.SuppressionIndexView
    add_view_class = records.SuppressionCreateView
    delete_view_class = records.SuppressionDeleteView
    form_fields = []
    list_display = [
        Column(
            "email_hash", label=_("Address (hashed)"), accessor=lambda s: s.email_hash[:16] + "…"
        ),
        Column("reason", label=_("Reason"), accessor="get_reason_display"),
        DateColumn("created_at", label=_("Since"), sort_key="created_at"),
    ]
    list_filter = ["reason"]

    def get_form_class(self, for_update=False):
        return records.SuppressionForm

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("add/", self.add_view, name="add"),
            path("delete/<int:pk>/", self.delete_view, name="delete"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "edit_url_name": None,
            "history_url_name": None,
            "usage_url_name": None,
            "copy_url_name": None,
            "inspect_url_name": None,
        }

    def get_permissions_to_register(self):
        return model_permissions(self.model, ["add", "delete", "view"])


class NewslettersViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Newsletters")
    menu_icon = "mail"
    menu_name = "newsletters"
    menu_order = 280
    items = (
        CampaignViewSet,
        TopicViewSet,
        SubscriberViewSet,
        ConsentLedgerViewSet,
        SuppressionViewSet,
    )


register_snippet(NewslettersViewSetGroup)
campaign_admin.scope_campaign_log_entries()
