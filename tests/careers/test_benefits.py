"""Member benefits for members (issue 7; SECURITY.md C1): only verified members see them, a
faculty's benefit only its own alumni; the code appears only after the member asks for it; each
member counts once; free places run out exactly."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from careers.benefits import service
from careers.factories import FreePlacesBenefitFactory, MemberBenefitFactory
from careers.models import BenefitKind, BenefitRedemption, MemberBenefit
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db

CODE = "HEMMELIG-RABATT-2030"


@pytest.fixture
def benefit():
    return MemberBenefitFactory(title="15 % på faglitteratur", code=CODE)


@pytest.fixture
def hh_benefit(faculties):
    return MemberBenefitFactory(
        title="Frokostseminar for HH-alumni", code="HH-KODE-77", faculty=faculties["HH"]
    )


@pytest.fixture
def hh_member(db):
    return make_member("hh.medlem@example.no", programme_code="MØA", display_name="Hanne")


@pytest.fixture
def hs_member(db):
    return make_member("hs.medlem@example.no", programme_code="BSP", display_name="Sindre")


@pytest.fixture
def unverified(db):
    return make_member("ny@example.no", programme_code="MØA", verified=False)


def urls(benefit):
    return {
        "list": reverse("careers:benefit_list"),
        "detail": reverse("careers:benefit_detail", args=[benefit.pk]),
        "redeem": reverse("careers:benefit_redeem", args=[benefit.pk]),
    }


def body(response):
    return response.content.decode()


# Who sees what


def test_the_benefits_live_under_karriere():
    assert reverse("careers:benefit_list") == "/karriere/fordeler/"


def test_a_visitor_is_sent_to_log_in_and_sees_no_code(client, benefit):
    for url in urls(benefit).values():
        response = client.get(url)
        assert response.status_code == 302
        assert "/konto/" in response["Location"] or "login" in response["Location"]
    response = client.post(urls(benefit)["redeem"])
    assert response.status_code == 302
    assert not BenefitRedemption.objects.exists()


def test_an_unverified_member_gets_the_verification_page_and_no_benefit(
    client, unverified, benefit
):
    client.force_login(unverified)
    for url in (urls(benefit)["list"], urls(benefit)["detail"]):
        response = client.get(url)
        assert response.status_code == 403
        assert CODE not in body(response)
        assert benefit.title not in body(response)
        assert reverse("community:claim_create") in body(response)
    assert client.post(urls(benefit)["redeem"]).status_code == 403
    assert not BenefitRedemption.objects.exists()
    benefit.refresh_from_db()
    assert benefit.redemption_count == 0


def test_a_verified_member_sees_the_benefit_but_not_the_code_until_asking(
    client, hh_member, benefit
):
    client.force_login(hh_member)
    listing = body(client.get(urls(benefit)["list"]))
    assert benefit.title in listing
    assert CODE not in listing
    detail = client.get(urls(benefit)["detail"])
    assert detail.status_code == 200
    assert CODE not in body(detail)
    assert f'action="{urls(benefit)["redeem"]}"' in body(detail)
    assert "no-store" in detail["Cache-Control"] or "no-cache" in detail["Cache-Control"]


def test_asking_reveals_the_code_and_counts_the_member_once(client, hh_member, benefit):
    client.force_login(hh_member)
    response = client.post(urls(benefit)["redeem"])
    assert response.status_code == 302
    assert response["Location"] == urls(benefit)["detail"]
    detail = body(client.get(urls(benefit)["detail"]))
    assert CODE in detail
    assert f'action="{urls(benefit)["redeem"]}"' not in detail  # no button once redeemed
    client.post(urls(benefit)["redeem"])
    client.post(urls(benefit)["redeem"])
    benefit.refresh_from_db()
    assert benefit.redemption_count == 1
    assert BenefitRedemption.objects.filter(benefit=benefit, user=hh_member).count() == 1
    assert CODE not in body(client.get(urls(benefit)["list"]))  # the list never shows codes


def test_redeeming_takes_a_post(client, hh_member, benefit):
    client.force_login(hh_member)
    assert client.get(urls(benefit)["redeem"]).status_code == 405
    assert not BenefitRedemption.objects.exists()


def test_a_faculty_benefit_is_only_for_that_faculties_alumni(
    client, hh_member, hs_member, hh_benefit
):
    client.force_login(hs_member)
    assert hh_benefit.title not in body(client.get(urls(hh_benefit)["list"]))
    for response in (
        client.get(urls(hh_benefit)["detail"]),
        client.post(urls(hh_benefit)["redeem"]),
    ):
        assert response.status_code == 404
        assert "HH-KODE-77" not in body(response)
    assert not BenefitRedemption.objects.exists()

    client.force_login(hh_member)
    assert hh_benefit.title in body(client.get(urls(hh_benefit)["list"]))
    client.post(urls(hh_benefit)["redeem"])
    assert "HH-KODE-77" in body(client.get(urls(hh_benefit)["detail"]))


@pytest.mark.parametrize(
    "change",
    [
        {"active": False},
        {"valid_until": timezone.localdate() - timedelta(days=1)},
        {"valid_from": timezone.localdate() + timedelta(days=1)},
    ],
)
def test_a_benefit_that_is_off_or_out_of_date_is_404(client, hh_member, benefit, change):
    MemberBenefit.objects.filter(pk=benefit.pk).update(**change)
    client.force_login(hh_member)
    assert benefit.title not in body(client.get(urls(benefit)["list"]))
    assert client.get(urls(benefit)["detail"]).status_code == 404
    assert client.post(urls(benefit)["redeem"]).status_code == 404
    assert not BenefitRedemption.objects.exists()


def test_unknown_benefit_is_404(client, hh_member):
    client.force_login(hh_member)
    assert client.get(reverse("careers:benefit_detail", args=[999999])).status_code == 404


def test_the_description_is_plain_text(client, hh_member):
    benefit = MemberBenefitFactory(
        description='<script>alert("x")</script>\nSe https://usn.no/alumni for mer.'
    )
    client.force_login(hh_member)
    html = body(client.get(urls(benefit)["detail"]))
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://usn.no/alumni"' in html


def test_the_list_costs_the_same_queries_for_few_and_many(
    client, hh_member, django_assert_max_num_queries
):
    MemberBenefitFactory.create_batch(2)
    client.force_login(hh_member)
    client.get(reverse("careers:benefit_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("careers:benefit_list"))
    for benefit in MemberBenefitFactory.create_batch(18):
        BenefitRedemption.objects.create(benefit=benefit, user=hh_member)
    with django_assert_max_num_queries(15):
        html = body(client.get(reverse("careers:benefit_list")))
    assert html.count('class="card benefit-card"') == 20
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("careers:benefit_list"))
    assert len(many) == len(few)


# Free places


def test_free_places_run_out_exactly(client):
    benefit = FreePlacesBenefitFactory(places=2, code="PLASS")
    members = [make_member(f"plass{n}@example.no", programme_code="MØA") for n in range(3)]
    for member in members:
        client.force_login(member)
        client.post(urls(benefit)["redeem"])
    benefit.refresh_from_db()
    assert benefit.redemption_count == 2
    assert benefit.places_left == 0
    assert not BenefitRedemption.objects.filter(user=members[2]).exists()
    detail = body(client.get(urls(benefit)["detail"]))  # the third member
    assert "PLASS" not in detail
    assert f'action="{urls(benefit)["redeem"]}"' not in detail
    client.force_login(members[0])
    assert "PLASS" in body(client.get(urls(benefit)["detail"]))


def test_the_service_refuses_the_place_after_the_last(hh_member, hs_member):
    benefit = FreePlacesBenefitFactory(places=1)
    redemption, created = service.redeem(benefit, hh_member)
    assert created and redemption.user == hh_member
    with pytest.raises(service.NoPlacesLeft):
        service.redeem(benefit, hs_member)
    benefit.refresh_from_db()
    assert benefit.redemption_count == 1


def test_a_double_click_that_races_counts_once(monkeypatch, hh_member):
    """The second request of a double click finds no redemption yet, then loses the insert to the
    first: its count is rolled back and it gets the first redemption."""
    benefit = FreePlacesBenefitFactory(places=5)
    first, _ = service.redeem(benefit, hh_member)
    real = service.redemption_of
    calls = []

    def not_yet(benefit, user):
        calls.append(1)
        return None if len(calls) == 1 else real(benefit, user)

    monkeypatch.setattr(service, "redemption_of", not_yet)
    again, created = service.redeem(benefit, hh_member)
    assert not created and again == first
    benefit.refresh_from_db()
    assert benefit.redemption_count == 1


def test_an_ended_benefit_cannot_be_redeemed_in_a_race(hh_member, benefit):
    MemberBenefit.objects.filter(pk=benefit.pk).update(active=False)
    with pytest.raises(service.BenefitClosed):
        service.redeem(benefit, hh_member)
    assert not BenefitRedemption.objects.exists()


# What an editor must give


@pytest.mark.parametrize(
    ("fields", "error_on"),
    [
        ({"kind": BenefitKind.DISCOUNT_CODE, "code": " "}, "code"),
        ({"kind": BenefitKind.FREE_PLACES, "places": None}, "places"),
        ({"kind": BenefitKind.FREE_PLACES, "places": 1, "redemption_count": 3}, "places"),
        (
            {
                "valid_from": timezone.localdate(),
                "valid_until": timezone.localdate() - timedelta(days=1),
            },
            "valid_until",
        ),
    ],
)
def test_a_benefit_must_be_complete(fields, error_on):
    benefit = MemberBenefit(title="Tilbud", description="Noe fint", kind="code", code="X")
    for name, value in fields.items():
        setattr(benefit, name, value)
    with pytest.raises(ValidationError) as error:
        benefit.full_clean()
    assert error_on in error.value.message_dict
