"""Factories for the careers content pages and member benefits, shared by tests and demo data.
The job board and mentoring keep their own factories beside their code."""

from datetime import timedelta

from django.utils import timezone

import factory
import wagtail_factories

from .models import (
    BenefitKind,
    BenefitRedemption,
    CareerArticlePage,
    CareersIndexPage,
    CourseFormat,
    CourseOfferIndexPage,
    CourseOfferPage,
    MemberBenefit,
)


class CareersIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CareersIndexPage

    title = "Karriere"
    intro = "Råd og webinarer om jobbsøking, karriere og ledelse."


class CareerArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CareerArticlePage

    title = factory.Sequence(lambda n: f"Karriereråd {n}")
    intro = "Kort ingress til rådet."


class CourseOfferIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseOfferIndexPage

    title = "Etter- og videreutdanning"
    intro = "Emner og studier for deg som vil lære mer ved siden av jobb."


class CourseOfferPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseOfferPage

    title = factory.Sequence(lambda n: f"Emne {n}")
    intro = "Et emne for alumni som vil lære mer."
    course_format = CourseFormat.BLENDED
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    application_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    credits = 7.5
    price = "9 800 kr"
    apply_url = "https://www.usn.no/etter-og-videreutdanning/"


class MemberBenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberBenefit

    title = factory.Sequence(lambda n: f"Medlemsfordel {n}")
    partner = "Campusbokhandelen"
    description = "15 % rabatt på faglitteratur for verifiserte alumni."
    kind = BenefitKind.DISCOUNT_CODE
    code = factory.Sequence(lambda n: f"ALUMNI{n:04d}")
    how_to_use = "Oppgi koden i kassen eller i nettbutikken."


class FreePlacesBenefitFactory(MemberBenefitFactory):
    title = factory.Sequence(lambda n: f"Gratis plass {n}")
    kind = BenefitKind.FREE_PLACES
    code = ""
    places = 2


class BenefitRedemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitRedemption
