"""Mentoring programmes: the application window, the matcher (same scoring as the suggestions,
mentor capacity respected, each mentee at most one live match, deterministic, rejected pairs and
blocks never suggested), the coordinator's confirm / reject / change, and the figures on a known
dataset."""

from datetime import timedelta

from django.utils import timezone, translation

import pytest
from freezegun import freeze_time

from careers.mentoring import matching, programmes, service
from careers.mentoring.policy import MentoringRefused
from careers.models import (
    Mentorship,
    ProgrammeApplication,
    ProgrammeMatch,
)
from community.models import MemberBlock, Notification, NotificationKind

from .mentoring_fixtures import make_mentee, make_mentor, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def apply(user, programme, role):
    return programmes.apply(user, programme, role=role, motivation=f"{role} {user.email}")


@pytest.fixture
def programme(db):
    return make_programme("HH", name="Mentorprogram for økonomistudenter")


@pytest.fixture
def cohort(programme, coordinator_hh):
    """Two mentors (Anne: MØA, banking, capacity 1; Bjørn: BSP, capacity 2) and three HH
    mentees. Scores: Mia(MØA, banking) – Anne 5, Bjørn 0; Nils(BØA, Ledelse) – Anne 0,
    Bjørn 1 (his topic); Ola(MØA) – Anne 3, Bjørn 0."""
    anne = make_mentor("anne@example.no", name="Anne", programme_code="MØA",
                       industry="banking", capacity=1)  # fmt: skip
    bjorn = make_mentor("bjorn@example.no", name="Bjørn", programme_code="BSP",
                        topics=("Ledelse",), capacity=2)  # fmt: skip
    mia = make_mentee("mia@example.no", programme_code="MØA", industry="banking")
    nils = make_mentee("nils@example.no", programme_code="BØA", interests=("Ledelse",))
    ola = make_mentee("ola@example.no", programme_code="MØA")
    return {
        "anne": apply(anne.user, programme, "mentor"),
        "bjorn": apply(bjorn.user, programme, "mentor"),
        "mia": apply(mia, programme, "mentee"),
        "nils": apply(nils, programme, "mentee"),
        "ola": apply(ola, programme, "mentee"),
    }


def pairs(matches):
    return {(m.mentee_application_id, m.mentor_application_id, m.score) for m in matches}


def test_applications_only_in_the_window(programme):
    mentee = make_mentee("sen@example.no")
    closed = freeze_time(programme.applications_close + timedelta(seconds=1))
    with closed, pytest.raises(MentoringRefused, match="not taking applications"):
        apply(mentee, programme, "mentee")
    not_yet = freeze_time(programme.applications_open - timedelta(seconds=1))
    with not_yet, pytest.raises(MentoringRefused):
        apply(mentee, programme, "mentee")
    with freeze_time(programme.applications_open):
        assert apply(mentee, programme, "mentee").status == ProgrammeApplication.Status.APPLIED


def test_only_verified_alumni_apply_as_mentors(programme):
    from tests.community.conftest import make_member

    student = make_member("student@example.no", programme_code="BØA", verified=False)
    with pytest.raises(MentoringRefused, match="verified"):
        apply(student, programme, "mentor")
    assert apply(student, programme, "mentee")


def test_the_matcher_pairs_best_first_within_capacity(programme, cohort):
    created = matching.suggest_matches(programme)
    # Anne (capacity 1) goes to Mia (5); Ola's next best is Bjørn (0); Nils gets Bjørn (1).
    assert pairs(created) == {
        (cohort["mia"].pk, cohort["anne"].pk, 5),
        (cohort["nils"].pk, cohort["bjorn"].pk, 1),
        (cohort["ola"].pk, cohort["bjorn"].pk, 0),
    }
    assert all(m.status == ProgrammeMatch.Status.SUGGESTED for m in created)


def test_the_matcher_is_deterministic_and_runs_once_per_mentee(programme, cohort):
    def planned():
        return [(p, mentor.pk, mentee.pk) for p, mentor, mentee in matching.plan_matches(programme)]

    first = planned()
    assert planned() == first
    assert len(first) == 3
    matching.suggest_matches(programme)
    assert matching.suggest_matches(programme) == []  # every mentee has a live match
    assert ProgrammeMatch.objects.count() == 3


def test_the_matcher_leaves_mentees_without_a_mentor_when_capacity_runs_out(programme, cohort):
    ProgrammeApplication.objects.filter(pk=cohort["bjorn"].pk).update(
        status=ProgrammeApplication.Status.WITHDRAWN
    )
    created = matching.suggest_matches(programme)
    assert pairs(created) == {(cohort["mia"].pk, cohort["anne"].pk, 5)}
    waiting = {a.pk for a in matching.unmatched_mentee_applications(programme)}
    assert waiting == {cohort["nils"].pk, cohort["ola"].pk}


def test_a_mentors_active_mentorships_use_up_their_capacity(programme, cohort):
    anne = cohort["anne"].user
    outsider = make_mentee("utenfor@example.no")
    request = service.send_request(outsider, anne.mentor_profile, format="term", purpose="x")
    service.accept_request(anne, request, timezone.localdate() + timedelta(days=60))
    created = matching.suggest_matches(programme)
    assert cohort["anne"].pk not in {m.mentor_application_id for m in created}


def test_blocked_pairs_and_rejected_pairs_are_not_suggested(programme, cohort, coordinator_hh):
    MemberBlock.objects.create(blocker=cohort["mia"].user, blocked=cohort["anne"].user)
    created = {m.mentee_application_id: m for m in matching.suggest_matches(programme)}
    assert created[cohort["mia"].pk].mentor_application_id == cohort["bjorn"].pk
    ola_match = created[cohort["ola"].pk]
    assert ola_match.mentor_application_id == cohort["anne"].pk
    programmes.reject_match(coordinator_hh, ola_match)
    again = matching.suggest_matches(programme)
    # Ola: Anne rejected; Bjørn is full (Mia and Nils); Ola waits.
    assert again == []
    assert [a.pk for a in matching.unmatched_mentee_applications(programme)] == [cohort["ola"].pk]


def test_confirming_starts_the_mentorship_and_notifies_both(programme, cohort, coordinator_hh):
    match = next(
        m for m in matching.suggest_matches(programme)
        if m.mentee_application_id == cohort["mia"].pk
    )  # fmt: skip
    mentorship = programmes.confirm_match(coordinator_hh, match)
    assert mentorship.programme == programme
    assert mentorship.agreed_end == programme.ends
    assert mentorship.mentor == cohort["anne"].user and mentorship.mentee == cohort["mia"].user
    match.refresh_from_db()
    assert match.status == ProgrammeMatch.Status.CONFIRMED and match.mentorship == mentorship
    assert match.decided_by == coordinator_hh
    statuses = ProgrammeApplication.objects.filter(
        pk__in=[cohort["anne"].pk, cohort["mia"].pk]
    ).values_list("status", flat=True)
    assert set(statuses) == {ProgrammeApplication.Status.MATCHED}
    for user in (cohort["anne"].user, cohort["mia"].user):
        assert Notification.objects.filter(
            recipient=user, kind=NotificationKind.MENTORING,
            url=f"/karriere/mentorer/mentorskap/{mentorship.pk}/",
        ).exists()  # fmt: skip
    with pytest.raises(MentoringRefused, match="already been decided"):
        programmes.confirm_match(coordinator_hh, match)
    assert Mentorship.objects.count() == 1


def test_the_coordinator_picks_another_mentor(programme, cohort, coordinator_hh):
    created = {m.mentee_application_id: m for m in matching.suggest_matches(programme)}
    options = matching.mentor_options(programme, cohort["ola"])
    # Anne's one place is held by Mia's suggestion; Bjørn has one left.
    assert [o["application"] for o in options] == []
    programmes.reject_match(coordinator_hh, created[cohort["mia"].pk])
    options = matching.mentor_options(programme, cohort["ola"])
    assert [o["application"].pk for o in options] == [cohort["anne"].pk]
    new = programmes.assign_mentor(coordinator_hh, cohort["ola"], cohort["anne"])
    assert new.status == ProgrammeMatch.Status.SUGGESTED and new.score == 3
    old = ProgrammeMatch.objects.get(pk=created[cohort["ola"].pk].pk)
    assert old.status == ProgrammeMatch.Status.REJECTED
    with pytest.raises(MentoringRefused):
        programmes.assign_mentor(coordinator_hh, cohort["mia"], cohort["anne"])  # Anne is full


def test_figures_on_a_known_dataset(programme, cohort, coordinator_hh):
    matches = {m.mentee_application_id: m for m in matching.suggest_matches(programme)}
    mia = programmes.confirm_match(coordinator_hh, matches[cohort["mia"].pk])
    nils = programmes.confirm_match(coordinator_hh, matches[cohort["nils"].pk])
    programmes.reject_match(coordinator_hh, matches[cohort["ola"].pk])
    service.end_mentorship(cohort["nils"].user, nils)  # before the end: dropped
    Mentorship.objects.filter(pk=mia.pk).update(agreed_end=timezone.localdate())
    mia.refresh_from_db()
    service.end_mentorship(cohort["mia"].user, mia)  # at the agreed end: completed
    service.give_feedback(cohort["mia"].user, mia, 5)
    service.give_feedback(cohort["anne"].user, mia, 4)
    service.give_feedback(cohort["nils"].user, nils, 2)
    withdrawn = make_mentee("trakk@example.no")
    apply(withdrawn, programme, "mentee")
    ProgrammeApplication.objects.filter(user=withdrawn).update(
        status=ProgrammeApplication.Status.WITHDRAWN
    )
    figures = programmes.figures(programme)
    assert {k: figures[k] for k in ("applied", "mentors", "mentees", "matched", "active",
                                    "completed", "dropped", "feedback_count")} == {
        "applied": 5, "mentors": 2, "mentees": 3, "matched": 2, "active": 0,
        "completed": 1, "dropped": 1, "feedback_count": 3,
    }  # fmt: skip
    assert round(figures["average_rating"], 2) == round(11 / 3, 2)
