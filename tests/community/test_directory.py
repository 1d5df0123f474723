"""The member directory: who may use it, what it finds, how it pages and throttles."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from community.models import Industry, Visibility

from .conftest import make_member

URL = "/medlemmer/katalog/"


@pytest.mark.django_db
def test_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


@pytest.mark.django_db
def test_unverified_member_gets_an_explanation_not_results(client, unverified_member, hh_alumnus):
    client.force_login(unverified_member)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Hanne HH" not in response.content.decode()
    assert reverse("community:claim_create") in response.content.decode()


@pytest.mark.django_db
def test_verified_member_finds_others_by_name(client, hh_alumnus, hs_alumnus):
    client.force_login(hs_alumnus)
    html = client.get(URL, {"q": "Hanne"}).content.decode()
    assert "Hanne HH" in html


def members_with(n, **fields):
    return [
        make_member(
            f"m{i}@example.no", programme_code="BØA", display_name=f"Medlem {i:04}", **fields
        )
        for i in range(n)
    ]


@pytest.mark.django_db
def test_filters_combine(client, hs_alumnus):
    make_member(
        "a@example.no",
        programme_code="MØA",
        year=2012,
        display_name="Anne Mentor",
        open_to_mentoring=True,
        mentoring_visibility=Visibility.MEMBERS,
        industry=Industry.ENERGY,
        industry_visibility=Visibility.MEMBERS,
        country="NO",
        city="Drammen",
        location_visibility=Visibility.MEMBERS,
    )
    make_member(
        "b@example.no",
        programme_code="MØA",
        year=2020,
        display_name="Bjørn Ung",
        industry=Industry.ENERGY,
        industry_visibility=Visibility.MEMBERS,
    )
    make_member("c@example.no", programme_code="BSP", year=2012, display_name="Cecilie Pleier")
    client.force_login(hs_alumnus)
    hh = hs_alumnus.profile.education.first().faculty.__class__.objects.get(code="HH")

    def names(**params):
        html = client.get(URL, params).content.decode()
        return {n for n in ["Anne Mentor", "Bjørn Ung", "Cecilie Pleier"] if n in html}

    assert names(faculty=hh.pk) == {"Anne Mentor", "Bjørn Ung"}
    assert names(faculty=hh.pk, year_from=2010, year_to=2015) == {"Anne Mentor"}
    assert names(year_from=2015, year_to=2010, faculty=hh.pk) == {"Anne Mentor"}  # swapped range
    assert names(industry=Industry.ENERGY) == {"Anne Mentor", "Bjørn Ung"}
    assert names(mentoring="on") == {"Anne Mentor"}
    assert names(country="NO", city="drammen") == {"Anne Mentor"}


@pytest.mark.django_db
def test_bad_filter_values_are_ignored_not_a_500(client, hs_alumnus):
    client.force_login(hs_alumnus)
    for params in [
        {"faculty": "x"},
        {"year_from": "abc"},
        {"country": "ZZ"},
        {"page": "-1"},
        {"q": "\x00\"'<script>"},
        {"q": "a" * 5000},
    ]:
        assert client.get(URL, params).status_code == 200, params


@pytest.mark.django_db
def test_pages_hold_at_most_fifty_members(client, hs_alumnus):
    members_with(55)
    client.force_login(hs_alumnus)
    first = client.get(URL)
    assert len(first.context["results"]) == 50
    second = client.get(URL, {"page": 2})
    assert len(second.context["results"]) == 6  # 55 + hs_alumnus


@pytest.mark.django_db
def test_the_directory_runs_the_same_number_of_queries_for_10_and_50_results(client, hs_alumnus):
    members_with(10, headline="Økonom", headline_visibility=Visibility.MEMBERS)
    client.force_login(hs_alumnus)
    client.get(URL)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    members_with_more = [
        make_member(f"x{i}@example.no", programme_code="BØA", display_name=f"Ekstra {i:03}")
        for i in range(40)
    ]
    assert members_with_more
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["results"]) == 50
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 15


def test_the_allowance_is_300_pages_per_15_minutes_by_default():
    from django.conf import settings

    from community.directory import WINDOW_SECONDS

    assert settings.DIRECTORY_PAGES_PER_WINDOW == 300
    assert WINDOW_SECONDS == 900


@pytest.mark.django_db
def test_result_pages_are_throttled_per_member(client, hs_alumnus, hh_alumnus, settings):
    settings.DIRECTORY_PAGES_PER_WINDOW = 5
    client.force_login(hs_alumnus)
    for _ in range(5):
        assert client.get(URL).status_code == 200
    response = client.get(URL)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Hanne HH" not in response.content.decode()
    client.force_login(hh_alumnus)  # another member has their own allowance
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_people_like_you_suggests_shared_programme_first(client, hh_alumnus):
    make_member("same@example.no", programme_code="MØA", display_name="Samme Program")
    make_member("other@example.no", programme_code="BSP", display_name="Annet Program")
    client.force_login(hh_alumnus)
    suggestions = client.get(URL).context["suggestions"]
    names = [item["profile"].display_name for item in suggestions]
    assert "Samme Program" in names
    assert "Annet Program" not in names
    assert "Hanne HH" not in names  # never yourself


def bulk_listed_members(count, prefix):
    """`count` verified, listed HH alumni, inserted in bulk (the directory's own queries are what
    is measured, not how fast tests can create members)."""
    from django.contrib.auth.hashers import make_password
    from django.db.models.signals import post_save

    from accounts.models import User
    from community.models import EducationRecord, Profile
    from community.signals import create_profile
    from home.models import Programme

    programme = Programme.objects.get(code="BØA")
    password = make_password("x" * 12)
    post_save.disconnect(create_profile, sender=User)
    try:
        users = User.objects.bulk_create(
            User(email=f"{prefix}{i}@example.no", password=password) for i in range(count)
        )
    finally:
        post_save.connect(create_profile, sender=User)
    profiles = Profile.objects.bulk_create(
        Profile(
            user=user, display_name=f"{prefix} {i:04}", listed_in_directory=True, is_verified=True
        )
        for i, user in enumerate(users)
    )
    EducationRecord.objects.bulk_create(
        EducationRecord(
            profile=profile, faculty=programme.faculty, programme=programme, graduation_year=2015
        )
        for profile in profiles
    )


@pytest.mark.django_db
def test_the_same_number_of_queries_for_10_and_1000_listed_members(client, hs_alumnus):
    bulk_listed_members(10, "few")
    client.force_login(hs_alumnus)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        first = client.get(URL)
    bulk_listed_members(990, "many")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert first.context["page_obj"].paginator.count == 11
    assert response.context["page_obj"].paginator.count == 1001
    assert len(response.context["results"]) == 50
    assert len(many) == len(few) <= 15
