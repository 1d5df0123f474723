"""The member benefits admin (SECURITY.md C3): editors manage every benefit and see how often each
was used; a faculty coordinator manages only their faculty's, cannot make one for all members or
another faculty, and gets the admin's 403 (nothing changing) on anyone else's; unknown ids 404."""

from django.urls import reverse
from django.utils import translation

import pytest

from careers.factories import FreePlacesBenefitFactory, MemberBenefitFactory
from careers.models import MemberBenefit
from community.models import InterestTag
from tests.community.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def benefits(faculties):
    return {
        "all": MemberBenefitFactory(title="Rabatt for alle", partner="Campusbokhandelen"),
        "HH": FreePlacesBenefitFactory(
            title="Frokostseminar HH", faculty=faculties["HH"], places=20, redemption_count=7
        ),
        "HS": MemberBenefitFactory(title="Fagdag HS", faculty=faculties["HS"]),
    }


def form_data(faculty=None, **overrides):
    data = {
        "title": "Ny fordel",
        "partner": "Partner AS",
        "description": "Beskrivelse",
        "kind": "code",
        "code": "NY-KODE",
        "places": "",
        "how_to_use": "",
        "link": "",
        "faculty": str(faculty.pk) if faculty else "",
        "valid_from": "",
        "valid_until": "",
        "active": "on",
    }
    data.update(overrides)
    return data


def url(name, benefit=None):
    args = [benefit.pk] if benefit is not None else []
    return reverse(f"member_benefits:{name}", args=args)


def test_an_editor_lists_every_benefit_with_its_use(client, editor, benefits):
    client.force_login(editor)
    html = client.get(url("index")).content.decode()
    for benefit in benefits.values():
        assert benefit.title in html
    assert "7 / 20" in html  # claimed of the free places


def test_an_editor_adds_a_benefit_for_all_members(client, editor):
    client.force_login(editor)
    topic = InterestTag.objects.create(name="Karriere", curated=True)
    response = client.post(url("add"), form_data(topics=[str(topic.pk)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    benefit = MemberBenefit.objects.get(title="Ny fordel")
    assert benefit.faculty is None
    assert list(benefit.topics.all()) == [topic]


def test_a_coordinator_sees_only_their_facultys_benefits(client, coordinator_hh, benefits):
    client.force_login(coordinator_hh)
    response = client.get(url("index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Frokostseminar HH" in html
    assert "Fagdag HS" not in html
    assert "Rabatt for alle" not in html


def test_a_coordinator_edits_their_facultys_benefit(client, coordinator_hh, benefits, faculties):
    client.force_login(coordinator_hh)
    assert client.get(url("edit", benefits["HH"])).status_code == 200
    response = client.post(
        url("edit", benefits["HH"]),
        form_data(faculties["HH"], title="Frokostseminar HH 2030", kind="places", places="25"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    benefits["HH"].refresh_from_db()
    assert benefits["HH"].title == "Frokostseminar HH 2030"
    assert benefits["HH"].redemption_count == 7  # not a form field: only redeeming moves it


@pytest.mark.parametrize("target", ["HS", "all"])
@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_a_coordinator_gets_403_on_anyone_elses_benefit(
    client, coordinator_hh, benefits, target, view
):
    client.force_login(coordinator_hh)
    response = client.get(url(view, benefits[target]))
    assert response.status_code == 403
    assert benefits[target].code not in response.content.decode()


@pytest.mark.parametrize("target", ["HS", "all"])
def test_a_coordinator_changes_nothing_of_anyone_elses_benefit(
    client, coordinator_hh, benefits, faculties, target
):
    client.force_login(coordinator_hh)
    benefit = benefits[target]
    edit = client.post(url("edit", benefit), form_data(faculties["HH"], title="Kapret"))
    delete = client.post(url("delete", benefit))
    assert [edit.status_code, delete.status_code] == [403, 403]
    benefit.refresh_from_db()
    assert benefit.title != "Kapret"


def test_a_coordinator_adds_benefits_only_for_their_own_faculty(client, coordinator_hh, faculties):
    client.force_login(coordinator_hh)
    form = client.get(url("add")).content.decode()
    assert faculties["HH"].name_en in form or faculties["HH"].name_nb in form
    assert faculties["HS"].name_en not in form and faculties["HS"].name_nb not in form
    for faculty in (faculties["HS"], None):
        response = client.post(url("add"), form_data(faculty))
        assert response.status_code == 200  # the form again, with the error
    assert not MemberBenefit.objects.exists()
    response = client.post(url("add"), form_data(faculties["HH"]))
    assert response.status_code == 302
    assert MemberBenefit.objects.get().faculty == faculties["HH"]


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_an_unknown_benefit_is_404(client, coordinator_hh, view):
    client.force_login(coordinator_hh)
    assert client.get(reverse(f"member_benefits:{view}", args=[999999])).status_code == 404


def test_a_member_cannot_reach_the_benefits_admin(client, benefits):
    member = make_member("nysgjerrig@example.no", programme_code="MØA")
    client.force_login(member)
    response = client.get(url("index"))
    assert response.status_code in (302, 403)
    assert "Frokostseminar HH" not in response.content.decode()
    response = client.get(url("edit", benefits["HH"]))
    assert response.status_code in (302, 403)
