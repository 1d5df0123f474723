"""Redeeming a member benefit: revealing its code, or claiming one of its free places.

Each member counts once (a unique constraint, and a second request gets the first redemption
back). The counter moves in the same UPDATE that checks it, `redemption_count < places`, so two
members can never take the last place both: on PostgreSQL the second UPDATE waits for the first
and re-checks the condition, SQLite runs one writer at a time. The policy decides beforehand
whether the member may see the benefit at all."""

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from ..models import BenefitKind, BenefitRedemption, MemberBenefit


class NoPlacesLeft(Exception):
    """Every free place of the benefit has been claimed."""


class BenefitClosed(Exception):
    """The benefit was switched off (or removed) since the page was shown."""


def redemption_of(benefit, user) -> BenefitRedemption | None:
    return BenefitRedemption.objects.filter(benefit=benefit, user=user).first()


def redeemed_benefit_ids(user, benefit_ids) -> set[int]:
    """Which of these benefits the member has redeemed, in one query."""
    return set(
        BenefitRedemption.objects.filter(user=user, benefit_id__in=benefit_ids).values_list(
            "benefit_id", flat=True
        )
    )


def redeem(benefit: MemberBenefit, user) -> tuple[BenefitRedemption, bool]:
    """The member's redemption of `benefit` and whether it is new. Raises NoPlacesLeft when the
    free places have run out, BenefitClosed when the benefit is no longer active."""
    existing = redemption_of(benefit, user)
    if existing is not None:
        return existing, False
    counter = MemberBenefit.objects.filter(pk=benefit.pk, active=True)
    if benefit.kind == BenefitKind.FREE_PLACES:
        counter = counter.filter(Q(places__isnull=True) | Q(redemption_count__lt=F("places")))
    try:
        with transaction.atomic():
            if not counter.update(redemption_count=F("redemption_count") + 1):
                active = MemberBenefit.objects.filter(pk=benefit.pk, active=True).exists()
                raise NoPlacesLeft if active else BenefitClosed
            redemption = BenefitRedemption.objects.create(benefit=benefit, user=user)
    except IntegrityError:
        # The same member's other request won the race; its count stands, ours was rolled back.
        return redemption_of(benefit, user), False
    benefit.refresh_from_db(fields=["redemption_count"])
    return redemption, True
