"""The audit log viewer (issue 9): administrators read it, nobody edits it, others get 403."""

from django.urls import NoReverseMatch, reverse

import pytest

from accounts.audit import record
from accounts.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("audit_log:index")


@pytest.fixture
def entries(member, superuser):
    record(AuditAction.EXPORT, actor=member, subject=member)
    record(AuditAction.CSV_EXPORT, actor=superuser, count=12, programme=["MØA"])


def test_administrator_reads_the_log(client, superuser, entries):
    client.force_login(superuser)
    response = client.get(URL)
    assert response.status_code == 200
    assert "MØA" in response.content.decode()


def test_the_log_filters_by_action(client, superuser, entries):
    client.force_login(superuser)
    response = client.get(URL, {"action": AuditAction.CSV_EXPORT})
    assert [e.action for e in response.context["object_list"]] == [AuditAction.CSV_EXPORT]


@pytest.mark.parametrize("who", ["editor", "coordinator_hh"])
def test_c3_editors_and_coordinators_get_403(client, who, request, entries):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code in (302, 403)
    assert client.get(URL).status_code != 200


def test_there_is_no_add_edit_or_delete(entries):
    for name, args in [("audit_log:add", []), ("audit_log:edit", [1]), ("audit_log:delete", [1])]:
        with pytest.raises(NoReverseMatch):
            reverse(name, args=args)


def test_opening_a_members_account_in_the_admin_is_recorded(client, superuser, member):
    client.force_login(superuser)
    response = client.get(reverse("wagtailusers_users:edit", args=[member.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.ADMIN_VIEW)
    assert (event.actor, event.subject) == (superuser, member)
