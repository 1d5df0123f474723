"""The contact/survey form: real submissions arrive; automated ones are refused with a message."""

import time

from django.core import mail, signing

from wagtail.contrib.forms.models import FormSubmission

import pytest
from freezegun import freeze_time

from home.models.forms import HONEYPOT_FIELD, STAMP_SALT, STARTED_FIELD


def stamp(seconds_ago: float) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=STAMP_SALT)


def submit(client, form, **overrides):
    data = {"navn": "Kari Nordmann", "melding": "Hei!", STARTED_FIELD: stamp(30)}
    data.update(overrides)
    return client.post(form.url, data)


@pytest.mark.django_db
def test_form_page_shows_labelled_fields_and_a_hidden_trap(client, site_tree):
    html = client.get(site_tree["form"].url).content.decode()
    assert '<label for="id_navn">Navn' in html
    assert 'class="form__trap" aria-hidden="true"' in html
    assert f'name="{STARTED_FIELD}"' in html


@pytest.mark.django_db
def test_a_person_submits_the_form_and_staff_get_mail(client, site_tree):
    response = submit(client, site_tree["form"])
    assert response.status_code == 200
    assert "Thank you" in response.content.decode() or "Takk" in response.content.decode()
    submission = FormSubmission.objects.get(page=site_tree["form"])
    assert submission.get_data()["navn"] == "Kari Nordmann"
    assert HONEYPOT_FIELD not in submission.form_data
    assert STARTED_FIELD not in submission.form_data
    assert len(mail.outbox) == 1
    assert "Kari Nordmann" in mail.outbox[0].body
    assert HONEYPOT_FIELD not in mail.outbox[0].body


@pytest.mark.django_db
def test_filled_honeypot_is_refused_and_nothing_is_stored(client, site_tree):
    response = submit(client, site_tree["form"], **{HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_missing_or_forged_time_stamp_is_refused(client, site_tree):
    submit(client, site_tree["form"], **{STARTED_FIELD: ""})
    submit(client, site_tree["form"], **{STARTED_FIELD: "1700000000.0"})
    assert not FormSubmission.objects.exists()


@pytest.mark.django_db
def test_too_fast_submission_is_refused_but_keeps_the_answers(client, site_tree):
    response = submit(client, site_tree["form"], **{STARTED_FIELD: stamp(0.5)})
    html = response.content.decode()
    assert not FormSubmission.objects.exists()
    assert "Kari Nordmann" in html  # nothing the person typed is lost
    assert 'role="alert"' in html


@pytest.mark.django_db
def test_stale_time_stamp_from_yesterday_is_refused(client, site_tree):
    with freeze_time("2026-11-01 10:00"):
        old = signing.dumps(time.time(), salt=STAMP_SALT)
    with freeze_time("2026-11-03 10:00"):
        submit(client, site_tree["form"], **{STARTED_FIELD: old})
    assert not FormSubmission.objects.exists()


@pytest.mark.django_db
def test_required_field_errors_are_linked_to_their_fields(client, site_tree):
    response = submit(client, site_tree["form"], navn="")
    html = response.content.decode()
    assert 'href="#id_navn"' in html
    assert 'aria-invalid="true"' in html
    assert not FormSubmission.objects.exists()
