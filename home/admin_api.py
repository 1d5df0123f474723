"""The admin API's image and document endpoints, scoped to the collections the user may choose
from (SECURITY.md C3).

Wagtail 8.0.1's ImagesAdminAPIViewSet and DocumentsAdminAPIViewSet leave out only privacy-
restricted collections, so any admin user could read another faculty's images and documents
(title, file URL, tags) at /admin/api/main/images/<id>/. These subclasses narrow both the listing
and the detail view to what the user's collection permissions let them choose; another faculty's
object is then a 404, as in the rest of the admin."""

from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry


def _choosable(queryset, model, user):
    allowed = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ["choose"]
    )
    return queryset.filter(pk__in=allowed.values("pk"))


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return _choosable(super().get_queryset(), get_image_model(), self.request.user)


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return _choosable(super().get_queryset(), get_document_model(), self.request.user)
