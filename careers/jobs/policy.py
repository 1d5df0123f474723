"""Who may do what on the job board: the one place that decides (DESIGN.md §4, SECURITY.md C1,
C3). Every view, the admin queue and the report adapter ask this module.

- Verified alumni post jobs; editors post from the admin. A member's posting waits for review
  unless they are a trusted poster.
- Visitors see published public postings; signed-in members also the members-only ones.
- A posting that is not published (waiting, rejected, expired, closed, hidden after reports) is
  seen only by its poster and by those who may review it; everyone else gets a 404.
- Editors and administrators review every posting; a faculty coordinator those that name one of
  their faculties, and no other (C3). Postings that name no faculty are reviewed by editors.
- Only the poster edits, renews or closes their posting from the site; a stranger gets a 404.
"""

from community.members import is_verified_member
from home.coordinators import coordinated_faculties

from ..models import JobPosting, JobStatus, TrustedJobPoster

EDITORS_GROUP = "Editors"

# What a poster may still do with their posting, by its status.
EDITABLE = {JobStatus.PENDING, JobStatus.PUBLISHED, JobStatus.REJECTED, JobStatus.EXPIRED}
RENEWABLE = {JobStatus.PUBLISHED, JobStatus.EXPIRED}
CLOSABLE = {JobStatus.PENDING, JobStatus.PUBLISHED, JobStatus.REJECTED, JobStatus.EXPIRED}


def may_post(user) -> bool:
    """Verified alumni post jobs and internships (DESIGN.md §4)."""
    return is_verified_member(user)


def is_trusted(user) -> bool:
    """A trusted poster's postings are published without waiting for review."""
    if user is None or not user.is_authenticated:
        return False
    return TrustedJobPoster.objects.filter(user=user).exists()


def reviews_all(user) -> bool:
    """Editors and administrators review every posting."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()


def reviewable_postings(user):
    """The postings `user` may review in the admin: all, those naming one of their faculties
    (a coordinator), or none (C3). The admin views check the model permission as well."""
    if not user.is_authenticated or not user.is_active:
        return JobPosting.objects.none()
    if reviews_all(user):
        return JobPosting.objects.all()
    faculties = coordinated_faculties(user)
    return JobPosting.objects.filter(
        pk__in=JobPosting.objects.filter(faculties__in=faculties).values("pk")
    )


def may_review(user, posting) -> bool:
    """A reviewer with the admin permission, and the posting within their scope."""
    if not user.is_authenticated:
        return False
    has_permission = user.has_perm("careers.change_jobposting") or user.has_perm(
        "careers.view_jobposting"
    )
    return has_permission and reviewable_postings(user).filter(pk=posting.pk).exists()


def is_poster(user, posting) -> bool:
    return user.is_authenticated and posting.posted_by_id == user.pk


def own_postings(user):
    """The postings a member posted; every edit, renew and close URL looks them up here."""
    if not user.is_authenticated:
        return JobPosting.objects.none()
    return JobPosting.objects.filter(posted_by=user)


def listed_postings(user):
    """What the job list shows `user` (and what they may report)."""
    return JobPosting.objects.listed_for(user)


# The answers of `detail_access`.
SHOW, LOGIN, NOT_FOUND = "show", "login", "not_found"


def detail_access(user, posting) -> str:
    """May `user` open the posting's page? SHOW; LOGIN for a visitor at a members-only
    posting; NOT_FOUND for anything they may not see, so a stranger learns nothing (C1)."""
    if listed_postings(user).filter(pk=posting.pk).exists():
        return SHOW
    if is_poster(user, posting) or may_review(user, posting):
        return SHOW
    if not user.is_authenticated and JobPosting.objects.published().filter(pk=posting.pk).exists():
        return LOGIN
    return NOT_FOUND


def may_edit(posting) -> bool:
    return posting.status in EDITABLE


def may_renew(posting) -> bool:
    return posting.status in RENEWABLE


def may_close(posting) -> bool:
    return posting.status in CLOSABLE
