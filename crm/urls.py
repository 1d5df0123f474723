"""The CRM API, mounted at /api/crm/v1/ outside the language prefix (usn_alumni/urls.py)."""

from django.urls import include, path

from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "crm"

endpoints = [
    path("members/", views.MemberListView.as_view(), name="members"),
    path("withdrawn/", views.WithdrawnListView.as_view(), name="withdrawn"),
]

urlpatterns = [
    *endpoints,
    # The schema describes only this API (not Wagtail's admin API), with its full paths.
    path(
        "schema/",
        SpectacularAPIView.as_view(
            urlconf=[path("api/crm/v1/", include((endpoints, "crm")))],
            authentication_classes=[],
            permission_classes=[],
        ),
        name="schema",
    ),
]
