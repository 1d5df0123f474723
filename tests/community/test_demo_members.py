"""seed_demo --members: realistic, deterministic, idempotent demo members the directory finds.

Most tests run the two builders the members come from (accounts.demo, community.demo) with the
command's own DemoContext, which takes a fraction of a second; the page tree of home.demo plays
no part in them. One test runs the whole command twice.
"""

import io

from django.core.management import call_command
from django.urls import reverse

from wagtail.search.backends import get_search_backends
from wagtail.search.models import IndexEntry

import pytest
from allauth.account.models import EmailAddress

from accounts import demo as accounts_demo
from accounts.models import User
from community import demo as community_demo
from community.demo.search_index import add_to_index
from community.directory import search_directory
from community.models import (
    EducationRecord,
    GraduateRecord,
    InterestTag,
    Profile,
    ProfileInterest,
    ProfileSkill,
    VerificationClaim,
    Visibility,
)
from community.privacy import Viewer
from home.management.commands.seed_demo import DemoContext

MEMBERS = 60
NAMED = ["kari.nordmann@example.no", "ola.hansen@example.no"]


def build_members(members=MEMBERS, seed=2026):
    """What `seed_demo --seed S --members N` does for members (accounts, then community)."""
    context = DemoContext(seed=seed, options={"members": members}, stdout=io.StringIO())
    accounts_demo.build(context)
    community_demo.build(context)
    return context


def generated_members():
    """The generated members, as the directory would describe them, in a stable order."""
    return list(
        Profile.objects.exclude(user__email__in=NAMED)
        .exclude(user__is_staff=True)
        .order_by("user__email")
        .values_list(
            "user__email", "display_name", "employer", "city", "is_verified", "listed_in_directory"
        )
    )


def delete_generated_members():
    User.objects.exclude(email__in=NAMED).exclude(is_staff=True).delete()
    GraduateRecord.objects.exclude(student_number__startswith="9000").delete()


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            EmailAddress,
            Profile,
            EducationRecord,
            GraduateRecord,
            VerificationClaim,
            ProfileSkill,
            ProfileInterest,
            IndexEntry,
        )
    }


@pytest.mark.django_db
def test_seed_demo_run_twice_adds_no_rows(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", members=MEMBERS, stdout=io.StringIO())
    counts = row_counts()
    assert counts["Profile"] >= MEMBERS + len(NAMED)

    call_command("seed_demo", members=MEMBERS, stdout=io.StringIO())

    assert row_counts() == counts


@pytest.mark.django_db
def test_same_seed_gives_the_same_members():
    build_members(seed=7)
    first = generated_members()
    delete_generated_members()

    build_members(seed=7)

    assert len(first) == MEMBERS
    assert generated_members() == first


@pytest.mark.django_db
def test_another_seed_gives_other_members():
    build_members(seed=7)
    first = {email for email, *_rest in generated_members()}
    build_members(seed=8)
    assert len({email for email, *_rest in generated_members()} - first) > MEMBERS // 2


@pytest.mark.django_db
def test_a_larger_count_adds_only_the_missing_members():
    build_members(members=30, seed=7)
    smaller = generated_members()
    build_members(members=MEMBERS, seed=7)
    grown = generated_members()
    delete_generated_members()
    build_members(members=MEMBERS, seed=7)

    assert set(smaller) <= set(grown)
    assert len(grown) == MEMBERS
    assert generated_members() == grown  # the same as building 60 at once


@pytest.mark.django_db
def test_members_have_example_addresses_and_verified_logins():
    build_members()
    emails = list(User.objects.values_list("email", flat=True))
    assert all(email.endswith(("@example.no", "@example.com", "@usn.example")) for email in emails)
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == len(emails)


@pytest.mark.django_db
def test_the_mix_of_members_is_realistic():
    build_members()
    profiles = Profile.objects.exclude(user__email__in=NAMED)
    verified = profiles.filter(is_verified=True)

    assert 0.5 < verified.count() / MEMBERS < 0.9
    assert 0.3 < profiles.listed().count() / MEMBERS < 0.9
    assert profiles.filter(open_to_mentoring=True).exists()
    assert len(set(profiles.values_list("work_visibility", flat=True))) > 1
    assert set(profiles.values_list("verification_method", flat=True)) == {"register", ""}
    assert VerificationClaim.objects.filter(status=VerificationClaim.Status.PENDING).count() >= 2
    assert GraduateRecord.objects.filter(matched_user=None).exclude(email="").exists()
    assert InterestTag.objects.filter(curated=True).count() >= 25
    # Of the members, only the named demo logins have a password.
    generated = User.objects.exclude(email__in=NAMED).exclude(is_staff=True)
    assert not any(user.has_usable_password() for user in generated)


@pytest.mark.django_db
def test_every_verified_member_matches_the_graduate_register():
    build_members()
    for profile in Profile.objects.filter(is_verified=True).select_related("user"):
        registered = GraduateRecord.objects.filter(matched_user=profile.user_id)
        assert registered.exists()
        assert set(registered.values_list("email", flat=True)) == {profile.user.email}
        assert registered.count() == profile.education.filter(verified=True).count()


@pytest.mark.django_db
def test_kari_is_a_verified_listed_hh_master_of_2015_who_mentors():
    build_members()
    kari = Profile.objects.get(user__email="kari.nordmann@example.no")

    assert kari.is_verified and kari.verification_method == "register"
    assert kari in Profile.objects.listed()
    assert kari.open_to_mentoring
    assert kari.education.filter(faculty__code="HH", degree_level="master", graduation_year=2015)


@pytest.mark.django_db
def test_ola_waits_for_the_hh_coordinator_to_approve_his_claim():
    build_members()
    ola = Profile.objects.get(user__email="ola.hansen@example.no")

    assert not ola.is_verified
    claim = VerificationClaim.objects.get(user=ola.user)
    assert claim.status == VerificationClaim.Status.PENDING
    assert claim.faculty.code == "HH"
    assert GraduateRecord.objects.filter(student_number=claim.student_number).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("email", NAMED)
def test_named_demo_members_can_sign_in(client, email):
    build_members()
    response = client.post(
        reverse("account_login"), {"login": email, "password": "alumni-demo-2026"}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(User.objects.get(email=email).pk)


@pytest.mark.django_db
def test_every_listed_member_is_found_by_the_directory_search():
    build_members()
    viewer = Viewer.for_user(User.objects.get(email="kari.nordmann@example.no"))
    listed = list(Profile.objects.listed())
    assert listed

    for profile in listed:
        page = search_directory(viewer, {"q": profile.display_name}, 1)
        assert profile in page.object_list, profile.display_name
        if profile.employer and profile.work_visibility == Visibility.MEMBERS:
            query = f"{profile.employer} {profile.display_name}"
            assert profile in Profile.objects.search(query, operator="and"), query


@pytest.mark.django_db
def test_the_search_index_holds_no_part_a_member_hid():
    build_members()
    hidden = Profile.objects.listed().exclude(employer="").exclude(work_visibility="members")
    assert hidden.exists()
    for profile in hidden:
        query = f"{profile.employer} {profile.display_name}"
        assert profile not in Profile.objects.search(query, operator="and"), query


@pytest.mark.django_db
def test_the_demo_search_index_is_what_the_search_backend_writes():
    """The demo fills the index in bulk, on PostgreSQL with its own SQL (community.demo
    .search_index); the entries are those the search backend writes for the same profiles."""
    build_members()
    profiles = list(Profile.objects.prefetch_related("skills", "interests"))
    # The members' own entries only: SQLite keeps a second FTS table beside IndexEntry.
    entries = IndexEntry.objects.filter(object_id__in=[str(p.pk) for p in profiles])
    columns = [f.attname for f in IndexEntry._meta.concrete_fields if not f.primary_key]

    entries.delete()
    add_to_index(Profile, profiles)
    demo = sorted(entries.values_list(*columns))
    assert len(demo) == len(profiles) and all(row[columns.index("body")] for row in demo)

    entries.delete()
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Profile, profiles)
    assert sorted(entries.values_list(*columns)) == demo
