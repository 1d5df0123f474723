"""The privacy matrix (DESIGN.md §5): every visibility × every kind of viewer, on the profile page
and in directory results."""

from django.urls import reverse

import pytest

from community.models import Visibility

from .conftest import make_member

SECRET = {
    "headline": ("headline", "Økonom med hemmelig overskrift"),
    "work": ("employer", "Hemmelig Arbeidsgiver AS"),
    "bio": ("bio", "En hemmelig biografi"),
    "location": ("city", "Hemmelighusby"),
}


def owner_with(visibility):
    """An HH alumnus whose headline, work, bio and location all have `visibility`."""
    fields = dict(SECRET.values())
    fields.update({f"{group}_visibility": visibility for group in SECRET})
    return make_member("eier@example.no", programme_code="MØA", display_name="Eva Eier", **fields)


def viewer_of(kind, faculties):
    if kind == "stranger":
        return None
    if kind == "unverified":
        return make_member("ny@example.no", verified=False)
    if kind == "verified_other_faculty":
        return make_member("annen@example.no", programme_code="BSP")
    if kind == "verified_same_faculty":
        return make_member("samme@example.no", programme_code="BØA")
    if kind == "staff":
        from accounts.factories import UserFactory

        return UserFactory(email="stab@usn.example", is_staff=True, is_superuser=True)
    raise ValueError(kind)


# (viewer kind, visibility) -> sees the secret values on the profile?
EXPECTED = {
    ("stranger", Visibility.MEMBERS): None,  # None: the profile itself is not shown
    ("unverified", Visibility.MEMBERS): None,
    ("verified_other_faculty", Visibility.MEMBERS): True,
    ("verified_other_faculty", Visibility.FACULTY): False,
    ("verified_other_faculty", Visibility.PRIVATE): False,
    ("verified_same_faculty", Visibility.MEMBERS): True,
    ("verified_same_faculty", Visibility.FACULTY): True,
    ("verified_same_faculty", Visibility.PRIVATE): False,
    ("staff", Visibility.MEMBERS): True,
    ("staff", Visibility.FACULTY): True,
    ("staff", Visibility.PRIVATE): False,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("viewer_kind", "visibility"), list(EXPECTED))
def test_profile_page_shows_each_part_only_to_whom_it_is_meant(
    client, faculties, viewer_kind, visibility
):
    owner = owner_with(visibility)
    viewer = viewer_of(viewer_kind, faculties)
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(reverse("community:profile_detail", args=[owner.profile.pk]))
    expected = EXPECTED[(viewer_kind, visibility)]
    if expected is None:
        # Visitors are sent to log in; unverified members get a 404, not a hint.
        assert response.status_code in (302, 404)
        if viewer is None:
            assert "/konto/login/" in response["Location"]
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Eva Eier" in html
    for _attribute, value in SECRET.values():
        assert (value in html) is expected, (viewer_kind, visibility, value)
    assert owner.email not in html  # e-mail addresses are never shown to other members


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.FACULTY, Visibility.PRIVATE])
def test_owner_always_sees_everything_on_their_own_profile(client, visibility):
    owner = owner_with(visibility)
    client.force_login(owner)
    html = client.get(reverse("community:profile_detail", args=[owner.profile.pk])).content
    for _attribute, value in SECRET.values():
        assert value.encode() in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("viewer_kind", "visibility", "expected"),
    [
        ("verified_other_faculty", Visibility.MEMBERS, True),
        ("verified_other_faculty", Visibility.FACULTY, False),
        ("verified_other_faculty", Visibility.PRIVATE, False),
        ("verified_same_faculty", Visibility.FACULTY, True),
        ("verified_same_faculty", Visibility.PRIVATE, False),
    ],
)
def test_directory_results_respect_visibility_like_the_profile(
    client, faculties, viewer_kind, visibility, expected
):
    owner_with(visibility)
    client.force_login(viewer_of(viewer_kind, faculties))
    html = client.get(reverse("community:directory"), {"q": "Eva"}).content.decode()
    assert "Eva Eier" in html
    assert ("Hemmelig Arbeidsgiver AS" in html) is expected
    assert ("Økonom med hemmelig overskrift" in html) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Visibility.FACULTY, Visibility.PRIVATE])
def test_hidden_fields_cannot_be_found_by_searching_or_filtering(client, faculties, visibility):
    owner_with(visibility)
    client.force_login(viewer_of("verified_other_faculty", faculties))
    by_text = client.get(reverse("community:directory"), {"q": "Hemmelig Arbeidsgiver"})
    assert "Eva Eier" not in by_text.content.decode()
    by_city = client.get(reverse("community:directory"), {"city": "Hemmelighusby"})
    assert "Eva Eier" not in by_city.content.decode()


@pytest.mark.django_db
def test_visible_fields_can_be_found_by_searching_and_filtering(client, faculties):
    owner_with(Visibility.MEMBERS)
    client.force_login(viewer_of("verified_other_faculty", faculties))
    by_text = client.get(reverse("community:directory"), {"q": "Hemmelig Arbeidsgiver"})
    assert "Eva Eier" in by_text.content.decode()
    by_city = client.get(reverse("community:directory"), {"city": "hemmelighusby"})
    assert "Eva Eier" in by_city.content.decode()


@pytest.mark.django_db
def test_unlisted_members_are_not_in_the_directory_but_keep_their_profile(client, faculties):
    owner = make_member(
        "skjult@example.no", programme_code="MØA", display_name="Siri Skjult", listed=False
    )
    client.force_login(viewer_of("verified_other_faculty", faculties))
    assert "Siri Skjult" not in client.get(reverse("community:directory")).content.decode()
    profile_url = reverse("community:profile_detail", args=[owner.profile.pk])
    assert client.get(profile_url).status_code == 200


@pytest.mark.django_db
def test_new_profile_is_private_by_default(member):
    from community.members import ensure_profile

    profile = ensure_profile(member)
    assert profile.listed_in_directory is False
    assert profile.is_verified is False
    assert profile.work_visibility == Visibility.PRIVATE
    assert profile.bio_visibility == Visibility.PRIVATE
    assert profile.location_visibility == Visibility.PRIVATE
    assert profile.headline_visibility == Visibility.MEMBERS


@pytest.mark.django_db
def test_profiles_are_noindex_and_not_cached_when_edited(client, hh_alumnus):
    client.force_login(hh_alumnus)
    page = client.get(reverse("community:profile_detail", args=[hh_alumnus.profile.pk]))
    assert b'name="robots" content="noindex' in page.content
    edit = client.get(reverse("community:profile_edit"))
    assert "no-store" in edit["Cache-Control"]


@pytest.mark.django_db
def test_profile_of_a_deactivated_member_is_gone(client, hh_alumnus, hs_alumnus):
    hh_alumnus.is_active = False
    hh_alumnus.save()
    client.force_login(hs_alumnus)
    url = reverse("community:profile_detail", args=[hh_alumnus.profile.pk])
    assert client.get(url).status_code == 404
