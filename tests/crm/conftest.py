"""Fixtures for the CRM API: integrations with tokens, members who share, an API client."""

from django.test import Client
from django.urls import reverse

import pytest

from crm.models import Integration, Scope
from newsletters.consent import confirm, request_subscription, subscriber_for_user
from newsletters.factories import TopicFactory
from newsletters.models import CapturePoint
from tests.community.conftest import make_member

ALL_SCOPES = [Scope.MEMBERS, Scope.CONSENTS, Scope.ATTENDANCE]


def make_integration(name="USN CRM", scopes=(Scope.MEMBERS,), **fields):
    """An integration and its token (the only time the token exists in clear)."""
    integration = Integration(name=name, scopes=[str(scope) for scope in scopes], **fields)
    token = integration.set_new_token()
    integration.save()
    return integration, token


def make_sharing_member(email, **fields):
    user = make_member(email, programme_code="MØA", **fields)
    user.profile.share_with_crm = True
    user.profile.save()
    user.refresh_from_db()
    return user


def subscribe(user, slug="evu-okonomi"):
    topic = TopicFactory(slug=slug)
    subscriber = subscriber_for_user(user)
    request_subscription(subscriber, [topic], capture_point=CapturePoint.PREFERENCES)
    confirm(subscriber, [topic.pk])
    return topic


class ApiClient:
    """GETs the CRM API with a bearer token, returning (response, json or None)."""

    def __init__(self, token=None):
        self.client = Client()
        self.token = token

    def get(self, name, token=None, **params):
        token = token or self.token
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        url = name if name.startswith(("/", "http")) else reverse(f"crm:{name}")
        return self.client.get(url, params, **headers)

    def all_pages(self, name, **params):
        """Follow `next` to the end; every row of every page, in order."""
        response = self.get(name, **params)
        rows = []
        while True:
            assert response.status_code == 200, response.content
            body = response.json()
            rows += body["results"]
            if not body["next"]:
                return rows
            response = self.get(body["next"])


@pytest.fixture
def crm_integration(db):
    return make_integration(scopes=ALL_SCOPES)


@pytest.fixture
def api(crm_integration):
    return ApiClient(crm_integration[1])


@pytest.fixture
def sharing_member(db):
    return make_sharing_member("deler@example.no", display_name="Dina Deler")


@pytest.fixture
def private_member(db):
    return make_member("privat@example.no", programme_code="MØA", display_name="Per Privat")
