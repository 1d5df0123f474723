"""Factories for accounts, shared by the tests and the demo data."""

import factory
from factory.django import DjangoModelFactory

from .models import User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.Sequence(lambda n: f"person{n}@example.no")
    password = factory.django.Password("correct-horse-battery")
    is_active = True
