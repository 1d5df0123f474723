"""Placeholder: being written (issue 8)."""

from django.http import Http404
from django.views import View


class SubscribeView(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class SubscribeSentView(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class ConfirmView(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404
