"""Factories for event pages and registrations, shared by tests and demo data."""

from datetime import timedelta

from django.utils import timezone

import factory
import wagtail_factories

from .models import (
    Audience,
    EventIndexPage,
    EventPage,
    EventRegistration,
    RegistrationQuestion,
    RegistrationStatus,
)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Arrangementer"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Arrangement {n}")
    intro = "Et arrangement for alumni."
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    audience = Audience.MEMBERS
    venue = "Auditoriet"
    address = "Raveien 215, 3184 Borre"


class RegistrationQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationQuestion

    label = factory.Sequence(lambda n: f"Spørsmål {n}")


class EventRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventRegistration

    status = RegistrationStatus.CONFIRMED
