"""What the community admin screens share: a refusal is the admin's own 403 page, listings of
personal data offer no export (SECURITY.md X6), and a user sees only the faculties they may (C3).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from home.admin_denial import permission_denied_403
from home.coordinators import coordinated_faculties
from home.models import Faculty


class AdminRefusalMixin:
    """Answer a refused request with the admin's 403 page rather than the site's."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return permission_denied_403(request)


class NoExportMixin:
    """These listings hold personal data and offer no spreadsheet export (SECURITY.md X6)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False


def visible_faculties(user):
    """Faculties whose register entries and claims the user may see (SECURITY.md C3)."""
    return Faculty.objects.all() if user.is_superuser else coordinated_faculties(user)


class ScopedObjectMixin:
    """Loads the object of the URL once the model permission has been checked: a 404 if there is
    no such object, a 403 if it is outside what the user may handle (C3). Subclasses give the
    queryset to load from, the user's scope, and the attribute to keep the object in."""

    object_attribute = "object"

    def get_object_queryset(self):
        raise NotImplementedError

    def get_scope(self, user):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        obj = get_object_or_404(self.get_object_queryset(), pk=kwargs["pk"])
        if not self.get_scope(request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        setattr(self, self.object_attribute, obj)
        return super().dispatch(request, *args, **kwargs)
