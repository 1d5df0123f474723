"""SECURITY.md C1 for the object URLs that had no stranger test of their own: a stranger (another
member, or someone with a made-up or altered token) gets 404 and nothing changes.

tests/project/test_url_security.py maps every object URL pattern to its stranger tests, these
among them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from accounts.factories import UserFactory
from community.factories import GroupFactory, GroupMembershipFactory
from community.members import ensure_profile
from community.models import GroupKind, GroupMembership, Profile
from events.factories import EventIndexPageFactory, EventPageFactory, EventRegistrationFactory
from events.models import EventFeedback, EventRegistration
from events.tokens import feedback_token, visitor_confirmation_token


@pytest.fixture
def stranger(db):
    """A signed-up member who has not been verified as an alumnus."""
    user = UserFactory(email="fremmed@example.no", first_name="Frida", last_name="Fremmed")
    ensure_profile(user)
    return user


@pytest.mark.django_db
def test_stranger_gets_404_on_a_members_profile_and_sees_nothing(client, verified_member, stranger):
    profile = verified_member.profile
    before = list(Profile.objects.order_by("pk").values())
    client.force_login(stranger)

    response = client.get(reverse("community:profile_detail", args=[profile.pk]))

    assert response.status_code == 404
    assert "Verifisert" not in response.content.decode()
    assert list(Profile.objects.order_by("pk").values()) == before


@pytest.fixture
def hidden_group(verified_member):
    group = GroupFactory(kind=GroupKind.HIDDEN, name="Styrerommet", owner=verified_member)
    GroupMembershipFactory(group=group, user=UserFactory(email="styre@example.no"))
    return group


def memberships():
    return list(GroupMembership.objects.order_by("pk").values())


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["group_about", "group_members", "group_join"])
def test_stranger_gets_404_on_a_hidden_group_and_nothing_changes(
    client, hidden_group, verified_member, name
):
    outsider = UserFactory(email="utenfor@example.no")
    EmailAddress.objects.create(user=outsider, email=outsider.email, verified=True, primary=True)
    ensure_profile(outsider).mark_verified("register")
    before = memberships()
    client.force_login(outsider)
    url = reverse(f"community:{name}", args=[hidden_group.pk])

    if name != "group_join":  # joining is a POST
        response = client.get(url)
        assert response.status_code == 404
        assert "Styrerommet" not in response.content.decode()
    assert client.post(url, {"message": "Slipp meg inn"}).status_code == 404
    assert memberships() == before


@pytest.fixture
def registration(home):
    index = EventIndexPageFactory(parent=home, slug="arrangementer")
    event = EventPageFactory(
        parent=index,
        slug="fagdag",
        start=timezone.now() - timedelta(days=2),
        end=timezone.now() - timedelta(days=2) + timedelta(hours=3),
    )
    return EventRegistrationFactory(
        event=event, visitor_name="Vera Gjest", visitor_email="gjest@example.no"
    )


def altered(token: str) -> str:
    """The token with its last character changed, as someone guessing a neighbour's would."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,token_of",
    [
        ("events:cancel", lambda registration: registration.cancel_token),
        ("events:visitor_confirm", visitor_confirmation_token),
        ("events:feedback", feedback_token),
    ],
)
def test_an_altered_registration_token_gets_404_and_nothing_changes(
    client, registration, name, token_of
):
    before = list(EventRegistration.objects.values())
    url = reverse(name, args=[altered(token_of(registration))])

    assert client.get(url).status_code == 404
    assert client.post(url, {"rating": "1", "comment": "Inntrenger"}).status_code == 404

    assert list(EventRegistration.objects.values()) == before
    assert not EventFeedback.objects.exists()
