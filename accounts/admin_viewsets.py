"""Wagtail admin viewsets that offer only some of ModelViewSet's views (audit log, outbox,
messaging suspensions, alumni groups): the URLs of the others are not mounted, and the generic
views are told not to link to them."""

from django.urls import path

# The views none of these viewsets have; the generic views must not link to them.
NO_EDITING = {
    "add_url_name": None,
    "edit_url_name": None,
    "delete_url_name": None,
    "copy_url_name": None,
    "history_url_name": None,
    "usage_url_name": None,
}


class LimitedViewSetMixin:
    """The listing, plus the views named in `offered_views` ("inspect", "edit"; inspect also
    when the viewset sets `inspect_view_enabled`)."""

    offered_views: tuple[str, ...] = ()

    def get_common_view_kwargs(self, **kwargs):
        limited = dict(NO_EDITING)
        if "edit" in self.offered_views:
            del limited["edit_url_name"]
        return {**super().get_common_view_kwargs(**kwargs), **limited}

    def get_urlpatterns(self):
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
        if "inspect" in self.offered_views or getattr(self, "inspect_view_enabled", False):
            patterns.append(path("inspect/<int:pk>/", self.inspect_view, name="inspect"))
        if "edit" in self.offered_views:
            patterns.append(path("edit/<int:pk>/", self.edit_view, name="edit"))
        return patterns
