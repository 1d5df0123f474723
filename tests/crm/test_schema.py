"""The OpenAPI schema, and schemathesis run through the Django app against it: for every
operation, generated requests with a valid token give no server error and nothing the schema
does not describe (issue 9)."""

from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from .conftest import ApiClient, make_sharing_member, subscribe

pytestmark = pytest.mark.django_db

SCHEMA_URL = "/api/crm/v1/schema/?format=json"


@contextmanager
def connection_kept_open():
    """The real WSGI handler closes the database connection after each request, which would end
    the test's transaction on PostgreSQL; Django's test client switches that off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_schema_is_public_and_describes_the_api(client):
    response = client.get(SCHEMA_URL)

    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {"/api/crm/v1/members/", "/api/crm/v1/withdrawn/"}
    assert schema["components"]["securitySchemes"]["IntegrationToken"]["scheme"] == "bearer"
    member = schema["components"]["schemas"]["Member"]["properties"]
    assert {"id", "email", "education", "interests", "subscriptions", "events"} <= set(member)


def test_the_crm_schema_is_generated_without_warnings_or_errors(client):
    """drf-spectacular's own deploy check is off (it would describe Wagtail's admin API too), so
    the CRM's schema is held to it here."""
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    assert client.get(SCHEMA_URL).status_code == 200
    assert not GENERATOR_STATS._warn_cache
    assert not GENERATOR_STATS._error_cache


def test_schemathesis_finds_no_server_error_and_no_schema_violation(settings, crm_integration):
    settings.CRM_API_RATE = "100000/min"
    for n in range(3):
        member = make_sharing_member(f"s{n}@example.no")
        subscribe(member, slug=f"tema-{n}")
    withdrawn = make_sharing_member("borte@example.no")
    withdrawn.profile.share_with_crm = False
    withdrawn.profile.save()
    headers = {"Authorization": f"Bearer {crm_integration[1]}"}
    assert ApiClient(crm_integration[1]).get("members").status_code == 200

    with connection_kept_open():
        schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 2
        for operation in operations:
            run_checks(operation, headers)


def run_checks(operation, headers):
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def check(case):
        case.call_and_validate(headers=headers)

    check()
