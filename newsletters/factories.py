"""Factories for newsletters, shared by tests and demo data."""

import factory

from .models import Subscriber, Topic, TopicKind


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_nb = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    consent_text_nb = "Ja, send meg e-post om dette temaet. Jeg kan melde meg av når som helst."
    consent_text_en = "Yes, e-mail me about this topic. I can unsubscribe at any time."
    kind = TopicKind.CONTINUING_EDUCATION


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"abonnent{n}@example.org")
    name = factory.Faker("name", locale="no_NO")
    language = "nb"
