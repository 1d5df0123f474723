"""Careers: content pages, course offers, member benefits, job postings and mentoring.
Re-exported here."""

from .benefits import BenefitKind, BenefitRedemption, MemberBenefit
from .jobs import JobPosting, JobStatus, JobType, SavedJobSearch, TrustedJobPoster, WorkPlace
from .mentoring import (
    MentoringFormat,
    MentoringProgramme,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    MentorshipFeedback,
    ProgrammeApplication,
    ProgrammeMatch,
)
from .pages import (
    CareerArticlePage,
    CareersIndexPage,
    CourseFormat,
    CourseOfferIndexPage,
    CourseOfferPage,
)

__all__ = [
    "BenefitKind",
    "BenefitRedemption",
    "CareerArticlePage",
    "CareersIndexPage",
    "CourseFormat",
    "CourseOfferIndexPage",
    "CourseOfferPage",
    "JobPosting",
    "JobStatus",
    "JobType",
    "MemberBenefit",
    "MentorProfile",
    "MentoringFormat",
    "MentoringProgramme",
    "MentoringRequest",
    "Mentorship",
    "MentorshipFeedback",
    "ProgrammeApplication",
    "ProgrammeMatch",
    "SavedJobSearch",
    "TrustedJobPoster",
    "WorkPlace",
]
