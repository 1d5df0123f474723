"""The directory's "my faculty" checks follow a member's education at once (DESIGN.md §5).

The directory reads each profile's faculty set (Profile.education_faculties) instead of the
education rows; these tests change the education in every way the site does (a record added,
changed, moved, deleted; profiles merged; demo data written in bulk) and look at who the
directory then finds, for a part visible to "my faculty" and to all verified members.
"""

import io

import pytest

from accounts import demo as accounts_demo
from community import demo as community_demo
from community.directory import search_directory
from community.merging import merge_education
from community.models import EducationRecord, Industry, Profile, Visibility
from community.privacy import Viewer
from home.management.commands.seed_demo import DemoContext
from home.models import Faculty, Programme

from .conftest import make_member

URL = "/medlemmer/katalog/"
NAME = "Ingrid Industri"


def found(client, viewer, **params) -> bool:
    client.force_login(viewer)
    return NAME in client.get(URL, params).content.decode()


def add_education(user, programme_code):
    programme = Programme.objects.get(code=programme_code)
    return EducationRecord.objects.create(
        profile=user.profile, faculty=programme.faculty, programme=programme, graduation_year=2019
    )


@pytest.fixture
def hh_member_with_faculty_only_industry(db):
    """An HH graduate whose industry (IT) only members of her faculty may see."""
    return make_member(
        "ingrid@example.no",
        programme_code="MØA",
        display_name=NAME,
        industry=Industry.IT,
        industry_visibility=Visibility.FACULTY,
    )


@pytest.mark.django_db
def test_faculty_only_part_matches_once_the_member_adds_education_of_the_viewers_faculty(
    client, hh_member_with_faculty_only_industry, hs_alumnus
):
    member = hh_member_with_faculty_only_industry
    assert not found(client, hs_alumnus, industry="it")
    record = add_education(member, "BSP")  # nursing: HS, the viewer's faculty
    assert found(client, hs_alumnus, industry="it")
    record.delete()
    assert not found(client, hs_alumnus, industry="it")


@pytest.mark.django_db
def test_changing_an_educations_faculty_changes_who_sees_the_faculty_only_part(
    client, hh_member_with_faculty_only_industry, hh_alumnus, hs_alumnus
):
    record = hh_member_with_faculty_only_industry.profile.education.get()
    assert found(client, hh_alumnus, industry="it")
    nursing = Programme.objects.get(code="BSP")
    record.faculty, record.programme = nursing.faculty, nursing
    record.save()
    assert found(client, hs_alumnus, industry="it")
    assert not found(client, hh_alumnus, industry="it")


@pytest.mark.django_db
def test_deleting_a_members_education_in_bulk_hides_the_faculty_only_part(
    client, hh_member_with_faculty_only_industry, hh_alumnus
):
    assert found(client, hh_alumnus, industry="it")
    EducationRecord.objects.filter(profile__user=hh_member_with_faculty_only_industry).delete()
    assert not found(client, hh_alumnus, industry="it")


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.FACULTY])
def test_the_faculty_filter_follows_a_changed_education(client, hh_alumnus, hs_alumnus, visibility):
    member = make_member(
        "ingrid@example.no",
        programme_code="MØA",
        display_name=NAME,
        education_visibility=visibility,
    )
    hh, hs = Faculty.objects.get(code="HH").pk, Faculty.objects.get(code="HS").pk
    # The HS viewer sees the HH education only when every verified member may.
    assert found(client, hh_alumnus, faculty=hh)
    assert found(client, hs_alumnus, faculty=hh) == (visibility == Visibility.MEMBERS)
    assert not found(client, hs_alumnus, faculty=hs)

    record = member.profile.education.get()
    nursing = Programme.objects.get(code="BSP")
    record.faculty, record.programme = nursing.faculty, nursing
    record.save()

    assert not found(client, hh_alumnus, faculty=hh)
    assert not found(client, hs_alumnus, faculty=hh)
    assert found(client, hs_alumnus, faculty=hs)
    assert found(client, hh_alumnus, faculty=hs) == (visibility == Visibility.MEMBERS)


@pytest.mark.django_db
def test_an_education_moved_to_another_profile_leaves_the_old_ones_faculty_set(
    client, hh_member_with_faculty_only_industry, hh_alumnus, hs_alumnus
):
    record = hh_member_with_faculty_only_industry.profile.education.get()
    record.profile = hs_alumnus.profile
    record.save()
    assert not found(client, hh_alumnus, industry="it")


@pytest.mark.django_db
def test_a_record_saved_over_its_row_without_loading_it_updates_both_profiles(
    client, hh_member_with_faculty_only_industry, hh_alumnus, hs_alumnus
):
    old = hh_member_with_faculty_only_industry.profile.education.get()
    nursing = Programme.objects.get(code="BSP")
    EducationRecord(
        pk=old.pk, profile=hs_alumnus.profile, faculty=nursing.faculty, programme=nursing
    ).save()
    assert not found(client, hh_alumnus, industry="it")


@pytest.mark.django_db
def test_saving_a_profile_loaded_before_an_education_change_keeps_the_change(
    client, hh_member_with_faculty_only_industry, hs_alumnus
):
    profile = Profile.objects.get(user=hh_member_with_faculty_only_industry)
    add_education(hh_member_with_faculty_only_industry, "BSP")
    profile.headline = "Utvikler"
    profile.save()  # this instance still holds the faculty set from before the new record
    assert found(client, hs_alumnus, industry="it")


@pytest.mark.django_db
def test_merged_profiles_bring_their_faculties_along(
    client, hh_member_with_faculty_only_industry, hs_alumnus
):
    duplicate = make_member("ingrid.student@example.no", programme_code="BSP")
    merge_education(duplicate.profile, hh_member_with_faculty_only_industry.profile)
    assert found(client, hs_alumnus, industry="it")


@pytest.mark.django_db
def test_demo_members_written_in_bulk_have_the_faculties_of_their_education():
    context = DemoContext(seed=2026, options={"members": 40}, stdout=io.StringIO())
    accounts_demo.build(context)
    community_demo.build(context)
    profiles = Profile.objects.filter(education__isnull=False).distinct()
    assert profiles.count() >= 30
    for profile in profiles.prefetch_related("education"):
        expected = {record.faculty_id for record in profile.education.all()}
        assert {int(f) for f in profile.education_faculties.strip("|").split("|")} == expected


@pytest.mark.django_db
def test_a_viewer_of_faculty_3_is_not_taken_for_one_of_faculty_13(hs_alumnus):
    """The set is delimited: faculty 3 must not match inside "13"."""
    profile = make_member("x@example.no", display_name=NAME, industry=Industry.IT).profile
    Profile.objects.filter(pk=profile.pk).update(
        industry_visibility=Visibility.FACULTY, education_faculties="|13|"
    )
    viewer = Viewer.for_user(hs_alumnus)
    viewer.faculty_ids = {3, 1}
    page = search_directory(viewer, {"industry": Industry.IT}, 1)
    assert NAME not in [p.display_name for p in page.object_list]
    viewer.faculty_ids = {13}
    page = search_directory(viewer, {"industry": Industry.IT}, 1)
    assert NAME in [p.display_name for p in page.object_list]
