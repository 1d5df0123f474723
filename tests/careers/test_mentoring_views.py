"""The mentoring pages as members, strangers and visitors see them (SECURITY.md C1, X1, X4):
who may browse and offer, sending a request from a mentor's page, answering it, a mentorship's
end and feedback, "my mentoring", a programme's application form; a stranger gets 404 on every
request and mentorship URL and nothing changes."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from careers.mentoring import programmes, service
from careers.models import (
    MentoringFormat,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    MentorshipFeedback,
    ProgrammeApplication,
)
from community.models import MemberBlock, Profile
from tests.community.conftest import make_member

from .mentoring_fixtures import make_mentee, make_mentor, make_programme, mentee_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def english():
    """These tests read the English pages (under /en/)."""
    with translation.override("en"):
        yield


@pytest.fixture
def mentor(db):
    return make_mentor("mentor@example.no", name="Mona Mentor", topics=("Ledelse",), capacity=2)


@pytest.fixture
def stranger(db):
    return make_member("fremmed@example.no", programme_code="MØA", display_name="Frank Fremmed")


@pytest.fixture
def pending(mentee, mentor):
    return service.send_request(mentee, mentor, format=MentoringFormat.TERM, purpose="Hjelp")


@pytest.fixture
def mentorship(pending, mentor):
    return service.accept_request(mentor.user, pending, timezone.localdate() + timedelta(days=90))


# Who may come in -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mentor_list", "mentor_offer", "my_mentoring"])
def test_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(f"careers:{name}"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_member_who_is_neither_alumnus_nor_student_is_told_how_to_join_in(client):
    client.force_login(make_member("ny@example.no", verified=False))
    response = client.get(reverse("careers:mentor_list"))
    assert response.status_code == 403
    assert "alumni and students" in response.content.decode()


def test_a_student_with_an_education_record_may_browse_but_not_offer(client, mentor):
    client.force_login(make_member("student@example.no", programme_code="BØA", verified=False))
    response = client.get(reverse("careers:mentor_list"))
    assert response.status_code == 200
    assert "Mona Mentor" in response.content.decode()
    assert client.get(reverse("careers:mentor_offer")).status_code == 403
    assert client.post(reverse("careers:mentor_offer"), {"about": "x"}).status_code == 403
    assert not MentorProfile.objects.exclude(pk=mentor.pk).exists()


def test_the_list_escapes_what_mentors_write(client, mentee, mentor):
    MentorProfile.objects.filter(pk=mentor.pk).update(about=XSS)
    client.force_login(mentee)
    html = client.get(reverse("careers:mentor_list")).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_a_search_longer_than_1000_characters_is_refused_with_a_message(client, mentee, mentor):
    client.force_login(mentee)
    response = client.get(reverse("careers:mentor_list"), {"q": "a" * 1001})
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode()


# Offering to mentor ----------------------------------------------------------------------


def offer_data(**overrides):
    return {"about": "Regnskap og revisjon", "capacity": "2", "offers_one_off": "on",
            "active": "on", **overrides}  # fmt: skip


def test_a_verified_member_offers_to_mentor_from_the_page(client):
    user = make_member("vera@example.no", programme_code="MØA")
    client.force_login(user)
    assert client.get(reverse("careers:mentor_offer")).status_code == 200
    response = client.post(reverse("careers:mentor_offer"), offer_data())
    assert response.status_code == 302
    offer = MentorProfile.objects.get(user=user)
    assert (offer.capacity, offer.offers_one_off, offer.offers_term) == (2, True, False)
    assert Profile.objects.get(user=user).open_to_mentoring


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"offers_one_off": ""}, "at least one way to mentor"),
        ({"capacity": "11"}, "less than or equal to 10"),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"about": ""}, "This field is required"),
    ],
)
def test_a_bad_offer_is_explained(client, overrides, message):
    client.force_login(make_member("vera@example.no", programme_code="MØA"))
    response = client.post(reverse("careers:mentor_offer"), offer_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MentorProfile.objects.exists()


# Asking a mentor --------------------------------------------------------------------------


def test_a_mentee_asks_a_mentor_from_the_mentor_page(client, mentee, mentor):
    client.force_login(mentee)
    url = reverse("careers:mentor_detail", args=[mentor.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Ask Mona Mentor to be your mentor" in page.content.decode()
    response = client.post(url, {"format": "term", "purpose": "Jeg vil bli en bedre leder."})
    request = MentoringRequest.objects.get(mentee=mentee)
    assert response.status_code == 302
    assert response["Location"] == reverse("careers:mentoring_request", args=[request.pk])
    again = client.post(url, {"format": "term", "purpose": "Igjen"})
    assert again.status_code == 400
    assert "You have already asked Mona Mentor" in again.content.decode()
    assert MentoringRequest.objects.filter(mentee=mentee).count() == 1


def test_the_same_request_twice_is_refused_with_a_message(client, mentee, mentor, pending):
    client.force_login(mentee)
    url = reverse("careers:mentor_detail", args=[mentor.pk])
    assert "You have asked already" in client.get(url).content.decode()


def test_a_request_without_a_purpose_is_explained(client, mentee, mentor):
    client.force_login(mentee)
    response = client.post(
        reverse("careers:mentor_detail", args=[mentor.pk]), {"format": "term", "purpose": ""}
    )
    assert response.status_code == 400
    assert "Tell the mentor what you would like help with." in response.content.decode()
    assert not MentoringRequest.objects.exists()


def test_a_paused_or_blocking_mentor_is_not_found(client, mentee, mentor):
    client.force_login(mentee)
    url = reverse("careers:mentor_detail", args=[mentor.pk])
    MemberBlock.objects.create(blocker=mentor.user, blocked=mentee)
    assert client.get(url).status_code == 404
    assert client.post(url, {"format": "term", "purpose": "x"}).status_code == 404
    MemberBlock.objects.all().delete()
    service.pause_offer(mentor.user)
    assert client.get(url).status_code == 404
    assert not MentoringRequest.objects.exists()


def test_the_mentor_page_shows_only_what_the_profile_allows(client, mentor):
    Profile.objects.filter(user=mentor.user).update(
        headline="Hemmelig overskrift", headline_visibility="private"
    )
    client.force_login(make_member("leser@example.no", programme_code="BSP"))
    html = client.get(reverse("careers:mentor_detail", args=[mentor.pk])).content.decode()
    assert "Hemmelig overskrift" not in html
    assert "Mona Mentor" in html


# Strangers (C1) -----------------------------------------------------------------------------


def test_a_stranger_gets_404_on_every_request_url_and_nothing_changes(client, stranger, pending):
    client.force_login(stranger)
    assert client.get(reverse("careers:mentoring_request", args=[pending.pk])).status_code == 404
    end = (timezone.localdate() + timedelta(days=90)).isoformat()
    for name, data in [
        ("mentoring_request_accept", {"agreed_end": end}),
        ("mentoring_request_decline", {"note": "nei"}),
        ("mentoring_request_withdraw", {}),
    ]:
        assert client.post(reverse(f"careers:{name}", args=[pending.pk]), data).status_code == 404
    pending.refresh_from_db()
    assert pending.status == MentoringRequest.Status.PENDING
    assert not Mentorship.objects.exists()


def test_a_stranger_gets_404_on_every_mentorship_url_and_nothing_changes(
    client, stranger, mentorship
):
    client.force_login(stranger)
    assert client.get(reverse("careers:mentorship", args=[mentorship.pk])).status_code == 404
    assert client.post(reverse("careers:mentorship_end", args=[mentorship.pk])).status_code == 404
    Mentorship.objects.filter(pk=mentorship.pk).update(status=Mentorship.Status.COMPLETED)
    response = client.post(
        reverse("careers:mentorship_feedback", args=[mentorship.pk]), {"rating": "1"}
    )
    assert response.status_code == 404
    assert not MentorshipFeedback.objects.exists()


def test_an_unknown_request_or_mentorship_is_404(client, mentee):
    client.force_login(mentee)
    assert client.get(reverse("careers:mentoring_request", args=[999])).status_code == 404
    assert client.get(reverse("careers:mentorship", args=[999])).status_code == 404
    assert client.get(reverse("careers:mentor_detail", args=[999])).status_code == 404
    assert client.get(reverse("careers:mentoring_programme", args=[999])).status_code == 404


# Answering ----------------------------------------------------------------------------------


def test_the_mentor_sees_the_request_and_accepts_it(client, mentor, pending):
    Profile.objects.filter(user=pending.mentee).update(display_name="<b>Mentee</b>")
    MentoringRequest.objects.filter(pk=pending.pk).update(purpose=XSS)
    client.force_login(mentor.user)
    page = client.get(reverse("careers:mentoring_request", args=[pending.pk]))
    html = page.content.decode()
    assert "<script>alert" not in html and "&lt;b&gt;Mentee" in html
    assert "Accept the request" in html
    end = timezone.localdate() + timedelta(days=120)
    response = client.post(
        reverse("careers:mentoring_request_accept", args=[pending.pk]),
        {"agreed_end": end.isoformat()},
    )
    mentorship = Mentorship.objects.get()
    assert response["Location"] == reverse("careers:mentorship", args=[mentorship.pk])
    assert mentorship.agreed_end == end


def test_an_end_date_outside_the_format_is_explained(client, mentor, pending):
    client.force_login(mentor.user)
    too_late = timezone.localdate() + timedelta(days=500)
    response = client.post(
        reverse("careers:mentoring_request_accept", args=[pending.pk]),
        {"agreed_end": too_late.isoformat()},
    )
    assert response.status_code == 400
    assert "A term lasts from one to twelve months" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_the_mentee_cannot_accept_their_own_request(client, mentee, pending):
    client.force_login(mentee)
    end = (timezone.localdate() + timedelta(days=90)).isoformat()
    response = client.post(
        reverse("careers:mentoring_request_accept", args=[pending.pk]), {"agreed_end": end}
    )
    assert response.status_code == 302
    assert not Mentorship.objects.exists()
    page = client.get(reverse("careers:mentoring_request", args=[pending.pk]))
    assert "Accept the request" not in page.content.decode()
    assert "Withdraw the request" in page.content.decode()


def test_the_mentor_declines_with_a_note_the_mentee_reads(client, mentee, mentor, pending):
    client.force_login(mentor.user)
    client.post(
        reverse("careers:mentoring_request_decline", args=[pending.pk]),
        {"note": "Prøv Anne, hun kan mer om dette."},
    )
    client.force_login(mentee)
    html = client.get(reverse("careers:mentoring_request", args=[pending.pk])).content.decode()
    assert "Declined" in html and "Prøv Anne" in html


def test_the_mentee_withdraws(client, mentee, pending):
    client.force_login(mentee)
    client.post(reverse("careers:mentoring_request_withdraw", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == MentoringRequest.Status.WITHDRAWN


# Mentorships ---------------------------------------------------------------------------


def test_either_side_ends_it_and_both_give_feedback_once(client, mentee, mentor, mentorship):
    client.force_login(mentee)
    url = reverse("careers:mentorship", args=[mentorship.pk])
    assert "End the mentorship" in client.get(url).content.decode()
    client.post(reverse("careers:mentorship_end", args=[mentorship.pk]))
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.DROPPED
    assert "How did it go?" in client.get(url).content.decode()
    feedback_url = reverse("careers:mentorship_feedback", args=[mentorship.pk])
    assert client.post(feedback_url, {"rating": "9"}).status_code == 400
    client.post(feedback_url, {"rating": "5", "comment": "Takk!"})
    client.post(feedback_url, {"rating": "1"})
    assert list(MentorshipFeedback.objects.values_list("rating", flat=True)) == [5]
    assert "you have given your feedback" in client.get(url).content.decode()
    client.force_login(mentor.user)
    client.post(feedback_url, {"rating": "4"})
    assert MentorshipFeedback.objects.count() == 2


def test_the_other_side_does_not_see_the_feedback(client, mentee, mentor, mentorship):
    service.end_mentorship(mentee, mentorship)
    service.give_feedback(mentee, mentorship, 2, "Mentoren kom for sent hver gang.")
    client.force_login(mentor.user)
    html = client.get(reverse("careers:mentorship", args=[mentorship.pk])).content.decode()
    assert "kom for sent" not in html


def test_my_mentoring_shows_both_sides(client, mentee, mentor, mentorship):
    other_mentor = make_mentor("annen.mentor@example.no", name="Ola Annen")
    service.send_request(mentee, other_mentor, format="term", purpose="Hei")
    client.force_login(mentee)
    html = client.get(reverse("careers:my_mentoring")).content.decode()
    assert "Mona Mentor" in html and "Ola Annen" in html
    client.force_login(mentor.user)
    html = client.get(reverse("careers:my_mentoring")).content.decode()
    assert "Mentee" in html and "Your mentor offer" in html


def test_my_mentoring_runs_the_same_queries_for_few_and_many(client, mentee):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(mentee)
    url = reverse("careers:my_mentoring")

    def add(count, start):
        for n in range(start, start + count):
            offer = make_mentor(f"m{n}@example.no")
            request = service.send_request(mentee, offer, format="term", purpose="x")
            service.accept_request(offer.user, request, timezone.localdate() + timedelta(days=60))

    add(1, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(8, 1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["active"]) == 9
    assert len(many) == len(few)
    assert len(many) <= 15


# Programmes --------------------------------------------------------------------------------


def test_a_member_applies_to_an_open_programme_once(client, mentee):
    programme = make_programme("HH")
    client.force_login(mentee)
    url = reverse("careers:mentoring_programme", args=[programme.pk])
    assert "Send application" in client.get(url).content.decode()
    response = client.post(url, {"role": "mentee", "motivation": "Jeg vil lære."})
    assert response.status_code == 302
    assert ProgrammeApplication.objects.get(user=mentee).role == "mentee"
    assert "You applied as mentee" in client.get(url).content.decode()
    again = client.post(url, {"role": "mentor", "motivation": "Igjen"})
    assert again.status_code == 400
    assert ProgrammeApplication.objects.count() == 1


def test_applications_outside_the_window_are_refused(client, mentee):
    programme = make_programme("HH", open_now=False)
    client.force_login(mentee)
    url = reverse("careers:mentoring_programme", args=[programme.pk])
    assert "Applications are closed." in client.get(url).content.decode()
    response = client.post(url, {"role": "mentee", "motivation": "Sent ute"})
    assert response.status_code == 400
    assert "not taking applications now" in response.content.decode()
    assert not ProgrammeApplication.objects.exists()


def test_a_faculty_programme_takes_mentees_from_that_faculty(mentee):
    programme = make_programme("HS")
    with pytest.raises(programmes.MentoringRefused, match="for mentees from"):
        programmes.apply(mentee, programme, role="mentee", motivation="x")
    programmes.apply(mentee, programme, role="mentor", motivation="x")  # mentors from anywhere


def test_the_english_pages_live_under_en(client, mentee, mentor):
    client.force_login(mentee)
    assert reverse("careers:mentor_list") == "/en/karriere/mentorer/"
    assert client.get("/en/karriere/mentorer/").status_code == 200
    with translation.override("nb"):
        assert reverse("careers:mentor_list") == "/karriere/mentorer/"
