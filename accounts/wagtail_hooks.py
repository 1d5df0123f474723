"""Admin registration of the accounts app: the audit log of access to personal data (issue 9)
and the mail outbox (undelivered and given-up mail, SECURITY.md R6), both for administrators
(superusers) only, read-only; and an `AuditAction.ADMIN_VIEW` entry whenever
staff open one member's account in Wagtail's user editor."""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_viewsets import LimitedViewSetMixin
from .audit import record
from .models import AuditAction, AuditEvent, OutgoingMail


class SuperusersOnlyPolicy(ModelPermissionPolicy):
    """Only administrators, whatever permissions a group was given."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action == "view"

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AuditEvent, SuperusersOnlyPolicy(AuditEvent), exact_class=True)
register_permission_policy(OutgoingMail, SuperusersOnlyPolicy(OutgoingMail), exact_class=True)


class ReadOnlyViewSetMixin(LimitedViewSetMixin):
    """Only the listing: no add, edit, delete, copy, history or usage views."""

    def get_permissions_to_register(self):
        # A queryset, never a list: Wagtail's group editor ORs every hook's result together.
        return Permission.objects.none()


class AuditEventViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    """Who accessed whose personal data, when, how many members, with what filters."""

    model = AuditEvent
    name = "audit_log"
    url_prefix = "audit-log"
    icon = "history"
    menu_label = _("Audit log")
    add_to_admin_menu = True
    menu_order = 900
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    list_per_page = 50
    list_filter = {"action": ["exact"], "created_at": ["date__gte", "date__lte"]}
    list_display = [
        DateColumn("created_at", label=_("Time"), sort_key="created_at"),
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("actor", label=_("By"), accessor=lambda e: e.actor or e.actor_label or "–"),
        Column("subject", label=_("Whose data"), accessor=lambda e: e.subject or "–"),
        Column("count", label=_("Members"), sort_key="count"),
        Column("detail", label=_("Detail"), accessor="detail"),
    ]

    def get_queryset(self, request):
        return AuditEvent.objects.select_related("actor", "subject")


class OutgoingMailViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    """Mail the site could not deliver yet (waiting for a retry) or gave up on."""

    model = OutgoingMail
    name = "outgoing_mail"
    url_prefix = "outgoing-mail"
    icon = "mail"
    menu_label = _("Mail outbox")
    add_to_admin_menu = True
    menu_order = 910
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    search_backend_name = None
    list_per_page = 50
    list_filter = {"state": ["exact"]}
    list_display = [
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
        Column("state", label=_("State"), accessor="get_state_display"),
        Column("recipients", label=_("To"), accessor=lambda m: ", ".join(m.recipient_list)),
        Column("subject", label=_("Subject")),
        Column("attempts", label=_("Failed attempts"), sort_key="attempts"),
        DateColumn("next_attempt_at", label=_("Next attempt"), sort_key="next_attempt_at"),
        Column("last_error", label=_("Last error")),
    ]

    def get_queryset(self, request):
        return OutgoingMail.objects.defer("message")


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEventViewSet()


@hooks.register("register_admin_viewset")
def register_outgoing_mail():
    return OutgoingMailViewSet()


@hooks.register("before_edit_user")
def record_admin_view_of_account(request, user):
    """Opening one member's account in the admin is access to their personal data."""
    if request.method == "GET":
        record(AuditAction.ADMIN_VIEW, actor=request.user, subject=user, view="user_edit")
