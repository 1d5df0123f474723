"""Account URLs: allauth's, under /konto/ (and /en/konto/)."""

from django.urls import include, path

urlpatterns = [
    path("", include("allauth.urls")),
]
