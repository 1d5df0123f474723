"""The account model: e-mail is the login, compared without regard to case."""

from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError
from django.urls import reverse

import pytest

User = get_user_model()


@pytest.mark.django_db
def test_user_logs_in_with_e_mail_in_any_case():
    User.objects.create_user(email="Kari.Nordmann@Example.no", password="correct-horse-battery")
    assert authenticate(email="kari.nordmann@example.NO", password="correct-horse-battery")
    assert not authenticate(email="kari.nordmann@example.no", password="wrong-password-here")


@pytest.mark.django_db
def test_the_same_address_in_another_case_cannot_register_twice():
    User.objects.create_user(email="ola@example.no", password="correct-horse-battery")
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="OLA@example.no", password="correct-horse-battery")


@pytest.mark.django_db
def test_user_has_no_username_and_reads_as_their_name():
    user = User.objects.create_user(
        email="kari@example.no", password="x" * 12, first_name="Kari", last_name="Nordmann"
    )
    assert not hasattr(user, "username") or user.username is None
    assert str(user) == "Kari Nordmann"
    assert User.USERNAME_FIELD == "email"


def test_a_user_needs_an_e_mail_address():
    with pytest.raises(ValueError):
        User.objects.create_user(email="", password="x" * 12)


@pytest.mark.django_db
def test_superuser_is_staff_and_superuser():
    admin = User.objects.create_superuser(email="admin@usn.example", password="x" * 12)
    assert admin.is_staff and admin.is_superuser


@pytest.mark.django_db
def test_administrator_creates_a_user_in_the_wagtail_admin(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "ny.bruker@example.no",
            "first_name": "Ny",
            "last_name": "Bruker",
            "password1": "et-langt-passord-2026",
            "password2": "et-langt-passord-2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(email="ny.bruker@example.no").exists()


@pytest.mark.django_db
def test_short_passwords_are_refused(client, superuser):
    client.force_login(superuser)
    client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "kort@example.no",
            "first_name": "Kort",
            "last_name": "Passord",
            "password1": "kort-pass1",
            "password2": "kort-pass1",
        },
    )
    assert not User.objects.filter(email="kort@example.no").exists()
