"""Placeholder: being written (issue 8)."""

from django.http import Http404
from django.views import View


class LinkRedirectView(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404
