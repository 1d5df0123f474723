"""Possible duplicate members and merging them from the admin (issue 9; C3)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from accounts.models import AuditAction, AuditEvent
from community.duplicates import email_key, possible_duplicates

from .conftest import make_member

pytestmark = pytest.mark.django_db


def test_email_variants_share_a_key():
    assert email_key("Kari.Nordmann+usn@GoogleMail.com") == email_key("karinordmann@gmail.com")
    assert email_key("KARI@usn.no") == email_key("kari@usn.no")
    assert email_key("kari.n@firma.no") != email_key("karin@firma.no")  # dots count elsewhere


def test_the_same_local_part_at_two_domains_is_not_enough():
    assert email_key("kari@firma.no") != email_key("kari@gmail.com")


@pytest.fixture
def twins(db):
    first = make_member("kari@firma.no", programme_code="MØA", display_name="Kari Nordmann")
    second = make_member("kari.n@gmail.com", programme_code="MØA", display_name="kari  nordmann")
    return first, second


def pair_ids(pairs):
    return {pair.key for pair in pairs}


def test_same_name_and_programme_is_a_pair(twins):
    first, second = twins
    make_member("annen@example.no", programme_code="BSP", display_name="Kari Nordmann")
    assert pair_ids(possible_duplicates()) == {(first.pk, second.pk)}


def test_email_variants_are_a_pair(db):
    first = make_member("ola.hansen@gmail.com", programme_code="MØA", display_name="Ola")
    second = make_member("olahansen+alumni@gmail.com", programme_code="BSP", display_name="O H")
    pairs = possible_duplicates()
    assert pair_ids(pairs) == {(first.pk, second.pk)}
    assert pairs[0].reasons == ["email"]


def test_the_finder_runs_a_constant_number_of_queries(twins, django_assert_max_num_queries):
    for n in range(20):
        make_member(f"m{n}@example.no", programme_code="MØA", display_name=f"Medlem {n}")
    with django_assert_max_num_queries(6):
        possible_duplicates()


def test_c3_coordinator_sees_pairs_of_their_faculty_only(client, coordinator_hs, twins):
    client.force_login(coordinator_hs)
    response = client.get(reverse("member_duplicates:index"))
    assert response.status_code == 200
    assert response.context["pairs"] == []


def test_c3_coordinator_of_another_faculty_cannot_merge(client, coordinator_hs, twins):
    first, second = twins
    client.force_login(coordinator_hs)
    url = reverse("member_duplicates:merge", args=[first.pk, second.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert get_user_model().objects.filter(pk=first.pk).exists()


def test_editor_without_faculty_gets_403(client, editor):
    client.force_login(editor)
    assert client.get(reverse("member_duplicates:index")).status_code == 403


def test_get_on_the_merge_page_changes_nothing_and_records_the_view(client, superuser, twins):
    first, second = twins
    client.force_login(superuser)
    response = client.get(reverse("member_duplicates:merge", args=[first.pk, second.pk]))
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=first.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ADMIN_VIEW).count() == 2


def test_coordinator_merges_a_pair_of_their_faculty(client, coordinator_hh, twins):
    first, second = twins
    client.force_login(coordinator_hh)
    response = client.post(reverse("member_duplicates:merge", args=[first.pk, second.pk]))
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=first.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.MERGE)
    assert (event.actor, event.subject, event.detail) == (
        coordinator_hh,
        second,
        {"source_id": first.pk},
    )


def test_two_unrelated_members_cannot_be_merged(client, superuser, hh_alumnus, hs_alumnus):
    client.force_login(superuser)
    url = reverse("member_duplicates:merge", args=[hh_alumnus.pk, hs_alumnus.pk])
    assert client.post(url).status_code == 404
    assert get_user_model().objects.filter(pk=hh_alumnus.pk).exists()
