"""The ceiling for `manage.py bench`: a view that does nothing, behind the same middleware (and
beside the site's own URLs, which the middleware reverses)."""

from django.http import HttpResponse
from django.urls import path

from usn_alumni.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
