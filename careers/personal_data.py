"""What the careers app holds about a person, registered with accounts.registry.

Erasure: a member's job postings are closed and kept without the poster (their applicants may
have the link); saved searches, mentor offers, requests, applications and redemptions go;
mentorships and their feedback are kept without the person, so the programme figures stay right
for the other side and the coordinator.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.redaction import register_free_text
from accounts.registry import delete_rows, detach_rows, register, rows_of

from .models import (
    BenefitRedemption,
    JobPosting,
    JobStatus,
    MentoringProgramme,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    MentorshipFeedback,
    ProgrammeApplication,
    ProgrammeMatch,
    SavedJobSearch,
    TrustedJobPoster,
)


def erase_job_postings(user):
    postings = JobPosting.objects.filter(posted_by=user)
    postings.exclude(status__in=[JobStatus.EXPIRED, JobStatus.CLOSED]).update(
        status=JobStatus.CLOSED
    )
    postings.update(posted_by=None)
    JobPosting.objects.filter(reviewed_by=user).update(reviewed_by=None)


def erase_mentorships(user):
    Mentorship.objects.filter(mentor=user).update(mentor=None, goals="")
    Mentorship.objects.filter(mentee=user).update(mentee=None, goals="")


def erase_feedback(user):
    MentorshipFeedback.objects.filter(author=user).update(author=None, comment="")


def export_mentorships(user):
    fields = ["mentor_id", "format", "goals", "status", "started_at", "agreed_end", "ended_at"]
    rows = Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user)).values(*fields)
    return [
        {"role": "mentor" if row.pop("mentor_id") == user.pk else "mentee", **row} for row in rows
    ]


def export_requests(user):
    fields = ["mentor_id", "mentee_id", "format", "purpose", "status", "created_at"]
    sent = list(MentoringRequest.objects.filter(mentee=user).values(*fields))
    received = list(MentoringRequest.objects.filter(mentor=user).values(*fields))
    return {"sent": sent, "received": received}


def erase_requests(user):
    MentoringRequest.objects.filter(mentee=user).delete()
    MentoringRequest.objects.filter(mentor=user).delete()


def erase_matches(user):
    ProgrammeMatch.objects.filter(decided_by=user).update(decided_by=None)


register(
    JobPosting,
    label=_("Job postings you posted"),
    edit_url="careers:job_mine",
    export=rows_of(
        JobPosting,
        user_field="posted_by",
        fields=["title", "employer", "status", "created_at", "published_at", "expires_at"],
    ),
    erase=erase_job_postings,
)
register(
    TrustedJobPoster,
    label=_("Trusted job poster"),
    export=rows_of(TrustedJobPoster, fields=["granted_at"]),
    erase=delete_rows(TrustedJobPoster),
)
register(
    SavedJobSearch,
    label=_("Your job alerts"),
    edit_url="careers:job_alerts",
    export=rows_of(SavedJobSearch, fields=["name", "query", "created_at"]),
    erase=delete_rows(SavedJobSearch),
)
register(
    BenefitRedemption,
    label=_("Member benefits you used"),
    export=rows_of(BenefitRedemption, fields=["benefit__title", "created_at"]),
    erase=delete_rows(BenefitRedemption),
)
register(
    MentorProfile,
    label=_("Your mentor offer"),
    edit_url="careers:mentor_offer",
    export=rows_of(
        MentorProfile,
        fields=["active", "about", "capacity", "offers_one_off", "offers_term", "created_at"],
    ),
    erase=delete_rows(MentorProfile),
)
register(
    MentoringRequest,
    label=_("Mentoring requests"),
    edit_url="careers:my_mentoring",
    export=export_requests,
    erase=erase_requests,
)
register(
    Mentorship,
    label=_("Mentorships"),
    edit_url="careers:my_mentoring",
    export=export_mentorships,
    erase=erase_mentorships,
)
register(
    MentorshipFeedback,
    label=_("Your feedback on mentorships"),
    export=rows_of(
        MentorshipFeedback, user_field="author", fields=["rating", "comment", "created_at"]
    ),
    erase=erase_feedback,
)
register(
    ProgrammeApplication,
    label=_("Your applications to mentoring programmes"),
    export=rows_of(
        ProgrammeApplication,
        fields=["programme__name", "role", "motivation", "status", "created_at"],
    ),
    erase=delete_rows(ProgrammeApplication),
)
register(
    MentoringProgramme,
    label=_("Mentoring programmes you created"),
    export=rows_of(MentoringProgramme, user_field="created_by", fields=["name", "created_at"]),
    erase=detach_rows(MentoringProgramme, user_field="created_by"),
)
register(
    ProgrammeMatch,
    label=_("Programme matches you decided"),
    export=rows_of(ProgrammeMatch, user_field="decided_by", fields=["status", "decided_at"]),
    erase=erase_matches,
)


# Free text kept for others after an erasure (accounts.redaction, SECURITY.md P2).
register_free_text(JobPosting, "title", "description", "apply_email", "review_note")
register_free_text(TrustedJobPoster, "note")
register_free_text(MentorProfile, "about")
register_free_text(MentoringRequest, "purpose", "response_note")
register_free_text(Mentorship, "goals")
register_free_text(MentorshipFeedback, "comment")
register_free_text(ProgrammeApplication, "motivation")
