"""Admin screens for CRM integrations (administrators only): list, create (the token shown once),
change name or scopes, and revoke. Nothing is deleted: a revoked integration stays listed, so
the audit log's entries keep a name to point at."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import MenuItem
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.audit import AuditAction, record
from community.admin_views.access import AdminRefusalMixin

from .models import Integration, Scope

INDEX_URL_NAME = "crm_integrations:index"


class AdministratorsOnlyPolicy(BasePermissionPolicy):
    """Only administrators (superusers) may see or manage integrations, and nobody deletes one:
    there are no model permissions to hand out to a group."""

    def user_has_permission(self, user, action):
        return action != "delete" and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if set(actions) <= {"delete"}:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class IntegrationForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the integration may read. members:read is needed for anything."),
    )

    class Meta:
        model = Integration
        fields = ["name", "scopes"]

    def clean_scopes(self):
        scopes = self.cleaned_data["scopes"]
        if Scope.MEMBERS not in scopes:
            raise forms.ValidationError(
                _("Give members:read as well: the other scopes add to what it reads.")
            )
        # Stored in the order of Scope, whatever order the boxes came in.
        return [scope for scope in Scope.values if scope in scopes]


class IntegrationIndexView(AdminRefusalMixin, generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = [
            button for button in super().get_list_more_buttons(instance) if button is not None
        ]
        if instance.is_active:
            buttons.append(
                MenuItem(
                    gettext("Revoke"),
                    url=reverse("crm_integrations:revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=30,
                )
            )
        return buttons


@method_decorator(never_cache, name="dispatch")
class IntegrationCreateView(AdminRefusalMixin, generic.CreateView):
    """Makes the integration and answers with its token, once; it is not stored in clear and
    cannot be shown again (a lost token is revoked and a new integration made)."""

    created_template_name = "crm/admin/token_created.html"

    def form_valid(self, form):
        self.form = form
        integration = form.save(commit=False)
        integration.created_by = self.request.user
        token = integration.set_new_token()
        with transaction.atomic():
            integration.save()
            record(
                AuditAction.TOKEN,
                actor=self.request.user,
                integration=integration.name,
                event="created",
            )
        self.object = integration
        context = self.get_context_data(integration=integration, token=token)
        context["page_title"] = gettext("Token for %(name)s") % {"name": integration.name}
        return TemplateResponse(self.request, self.created_template_name, context)


class IntegrationEditView(AdminRefusalMixin, generic.EditView):
    pass


class IntegrationDeleteView(AdminRefusalMixin, generic.DeleteView):
    """Never allowed (AdministratorsOnlyPolicy); revoke instead."""


@method_decorator(never_cache, name="dispatch")
class IntegrationRevokeView(
    AdminRefusalMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """GET asks, POST revokes: the token is refused from the next request on."""

    model = Integration
    permission_required = "change"
    template_name = "crm/admin/revoke.html"
    page_title = _("Revoke the token")
    header_icon = "key"

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, pk=pk, **kwargs)
        self.pk = pk

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["integration"] = get_object_or_404(Integration, pk=self.pk)
        return context

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL_NAME), "label": _("CRM integrations")},
            {"url": "", "label": self.get_page_title()},
        ]

    def post(self, request, pk):
        integration = get_object_or_404(Integration, pk=pk)
        with transaction.atomic():
            if integration.revoke():
                record(
                    AuditAction.TOKEN,
                    actor=request.user,
                    integration=integration.name,
                    event="revoked",
                )
        messages.success(
            request,
            gettext("The token of %(name)s is revoked; it is refused from now on.")
            % {"name": integration.name},
        )
        return redirect(INDEX_URL_NAME)
