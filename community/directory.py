"""The member directory: search and filters that never reveal what a member chose to hide.

Full-text search goes through Wagtail's search backend (FTS5 on SQLite, full-text on
PostgreSQL) and only ever sees the parts of a profile every verified member may see
(Profile.members_search_text).
Filters match a field only where the viewer may see that field, so a filter cannot be used to probe
a hidden employer, city or faculty.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .directory_search import RankedProfiles
from .models import EducationRecord, Profile, ProfileInterest, Visibility
from .privacy import Viewer

PAGE_SIZE = 50  # SECURITY.md M6
WINDOW_SECONDS = 15 * 60


def visible_q(viewer: Viewer, visibility_field: str) -> Q:
    """Profiles where `visibility_field` lets the viewer see that part."""
    query = Q(**{visibility_field: Visibility.MEMBERS})
    if viewer.faculty_ids:
        query |= Q(**{visibility_field: Visibility.FACULTY}) & Q(
            pk__in=EducationRecord.objects.filter(faculty_id__in=viewer.faculty_ids).values(
                "profile_id"
            )
        )
    return query


# Directory filter -> lookup on the member's education records (all must hold for one record).
EDUCATION_FILTERS = {
    "faculty": "faculty_id",
    "programme": "programme_id",
    "campus": "campus_id",
    "year_from": "graduation_year__gte",
    "year_to": "graduation_year__lte",
}


def filtered_profiles(viewer: Viewer, filters: dict):
    profiles = Profile.objects.listed()
    education_lookups = {
        lookup: filters[name] for name, lookup in EDUCATION_FILTERS.items() if filters.get(name)
    }
    if education_lookups:
        education = EducationRecord.objects.filter(**education_lookups)
        profiles = profiles.filter(visible_q(viewer, "education_visibility")).filter(
            pk__in=education.values("profile_id")
        )
    if filters.get("industry"):
        profiles = profiles.filter(
            visible_q(viewer, "industry_visibility"), industry=filters["industry"]
        )
    if filters.get("country"):
        profiles = profiles.filter(
            visible_q(viewer, "location_visibility"), country=filters["country"]
        )
    if filters.get("city"):
        profiles = profiles.filter(
            visible_q(viewer, "location_visibility"), city__iexact=filters["city"].strip()
        )
    if filters.get("mentoring"):
        profiles = profiles.filter(
            visible_q(viewer, "mentoring_visibility"), open_to_mentoring=True
        )
    return profiles


def search_directory(viewer: Viewer, filters: dict, page_number):
    """A page of at most PAGE_SIZE profiles, most relevant first when there is a query."""
    from home.views import search_terms

    profiles = filtered_profiles(viewer, filters)
    terms = search_terms(filters.get("q") or "").split()
    results = RankedProfiles(profiles, terms) if terms else profiles.order_by("display_name", "pk")
    page = Paginator(results, PAGE_SIZE).get_page(page_number)
    ids = [profile.pk for profile in page.object_list]
    loaded = {p.pk: p for p in Profile.objects.filter(pk__in=ids).with_directory_relations()}
    page.object_list = [loaded[pk] for pk in ids if pk in loaded]
    return page


def take_page_view(user) -> bool:
    """Count one result page against the member's allowance (M6). False when it is used up."""
    key = f"directory-pages:{user.pk}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return True
    return count <= settings.DIRECTORY_PAGES_PER_WINDOW


def people_like_you(viewer: Viewer, limit: int = 6):
    """Listed members who share a programme, interests or an employer with the viewer, where
    those parts are visible to the viewer; best matches first."""
    me = getattr(viewer.user, "profile", None)
    if me is None:
        return []
    my_programmes = list(
        me.education.exclude(programme=None).values_list("programme_id", flat=True)
    )
    my_interests = list(me.tagged_interests.values_list("tag_id", flat=True))
    shared_programmes = (
        EducationRecord.objects.filter(profile=OuterRef("pk"), programme_id__in=my_programmes)
        .values("profile")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shared_interests = (
        ProfileInterest.objects.filter(content_object=OuterRef("pk"), tag_id__in=my_interests)
        .values("content_object")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    candidates = (
        Profile.objects.listed()
        .exclude(user=viewer.user)
        .annotate(
            programme_score=Coalesce(
                Subquery(shared_programmes, output_field=IntegerField()), zero
            ),
            interest_score=Coalesce(Subquery(shared_interests, output_field=IntegerField()), zero),
        )
    )
    programme_visible = visible_q(viewer, "education_visibility")
    interest_visible = visible_q(viewer, "interests_visibility")
    query = Q(programme_score__gt=0) & programme_visible
    query |= Q(interest_score__gt=0) & interest_visible
    if me.employer:
        query |= Q(employer__iexact=me.employer) & visible_q(viewer, "work_visibility")
    ranked = candidates.filter(query).order_by(
        "-programme_score", "-interest_score", "display_name"
    )
    return list(ranked.with_directory_relations()[:limit])
