"""Member- and visitor-facing careers URLs, mounted under /karriere/ (namespace `careers`)."""

from django.urls import include, path

app_name = "careers"

urlpatterns = [
    path("jobber/", include("careers.jobs.urls")),
    path("mentorer/", include("careers.mentoring.urls")),
    path("fordeler/", include("careers.benefits.urls")),
]
