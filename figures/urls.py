"""The figures admin URLs, mounted under /admin/figures/ by figures.wagtail_hooks."""

from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("overview.csv", views.CsvView.as_view(), {"table": "overview"}, name="overview_csv"),
    path("<slug:scope>/", views.DashboardView.as_view(), name="scope"),
    path("<slug:scope>/<slug:table>.csv", views.CsvView.as_view(), name="csv"),
]
