"""Admin registration of the CRM integrations: a "CRM integrations" item in the Settings menu,
for administrators only (crm.admin_views.AdministratorsOnlyPolicy)."""

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import Integration

register_permission_policy(Integration, admin_views.AdministratorsOnlyPolicy(Integration))


def scopes_text(integration):
    return ", ".join(integration.scopes)


def status_text(integration):
    return _("Active") if integration.is_active else _("Revoked")


class IntegrationViewSet(ModelViewSet):
    model = Integration
    name = "crm_integrations"
    url_prefix = "crm-integrations"
    icon = "key"
    menu_label = _("CRM integrations")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["name", "scopes"]
    list_display = [
        "name",
        Column("token_prefix", label=_("Token starts with")),
        Column("scopes", label=_("Scopes"), accessor=scopes_text),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
        DateColumn("last_used_at", label=_("Last used"), sort_key="last_used_at"),
        StatusTagColumn(
            "revoked_at",
            label=_("Status"),
            accessor=status_text,
            primary=lambda integration: integration.is_active,
        ),
    ]
    index_view_class = admin_views.IntegrationIndexView
    add_view_class = admin_views.IntegrationCreateView
    edit_view_class = admin_views.IntegrationEditView
    delete_view_class = admin_views.IntegrationDeleteView

    def get_form_class(self, for_update=False):
        return admin_views.IntegrationForm

    def get_permissions_to_register(self):
        # A queryset, never a list: Wagtail's group editor ORs every hook's result together.
        return Permission.objects.none()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", admin_views.IntegrationRevokeView.as_view(), name="revoke"),
        ]


@hooks.register("register_admin_viewset")
def register_integration_viewset():
    return IntegrationViewSet()
