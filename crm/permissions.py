"""Which integration may read what: one scope per kind of data (Scope in crm.models)."""

from django.utils.translation import gettext_lazy as _

from rest_framework import permissions

from .models import Integration, Scope


def integration_of(request) -> Integration | None:
    return request.auth if isinstance(request.auth, Integration) else None


class HasScope(permissions.BasePermission):
    """Needs an authenticated integration holding the view's `required_scope` (403 without it;
    401 when no integration authenticated at all)."""

    message = _("Your token lacks the scope this endpoint needs.")

    def has_permission(self, request, view):
        integration = integration_of(request)
        if integration is None:
            return False
        return integration.has_scope(getattr(view, "required_scope", Scope.MEMBERS))
