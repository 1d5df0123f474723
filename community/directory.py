"""The member directory: search and filters that never reveal what a member chose to hide.

Full-text search goes through Wagtail's search backend (FTS5 on SQLite, full-text on
PostgreSQL) and only ever sees the parts of a profile every verified member may see
(Profile.members_search_text).
Filters match a field only where the viewer may see that field, so a filter cannot be used to probe
a hidden employer, city or faculty.
"""

import operator
from functools import reduce

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from .directory_search import RankedProfiles
from .models import EducationRecord, Profile, ProfileInterest, Visibility, faculty_set_value
from .privacy import Viewer

PAGE_SIZE = 50  # SECURITY.md M6
COUNT_LIMIT = 2_000  # results counted and offered (40 pages); see DirectoryPaginator
WINDOW_SECONDS = 15 * 60
SUGGESTIONS_SECONDS = 10 * 60  # how long "people like you" keeps its ranking


def studied_at_q(faculty_ids) -> Q:
    """Profiles with an education record of one of these faculties: a test of the profile's
    own faculty set (Profile.education_faculties), which the directory's indexes hold."""
    tests = [Q(education_faculties__contains=faculty_set_value(f)) for f in sorted(faculty_ids)]
    return reduce(operator.or_, tests)


def visible_q(viewer: Viewer, visibility_field: str) -> Q:
    """Profiles where `visibility_field` lets the viewer see that part."""
    query = Q(**{visibility_field: Visibility.MEMBERS})
    if viewer.faculty_ids:
        # A column test, not a subquery on the education table: PostgreSQL hashed all of a
        # faculty's education rows for that on every request.
        query |= Q(**{visibility_field: Visibility.FACULTY}) & studied_at_q(viewer.faculty_ids)
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
    """Listed profiles that match every filter, each on a part the viewer may see.

    Each filter's own condition comes before its visibility check, so the database tests the
    cheap column first and the faculty check (a subquery) only where it can still matter."""
    profiles = Profile.objects.listed()
    if filters.get("industry"):
        profiles = profiles.filter(industry=filters["industry"]).filter(
            visible_q(viewer, "industry_visibility")
        )
    if filters.get("country"):
        profiles = profiles.filter(country=filters["country"]).filter(
            visible_q(viewer, "location_visibility")
        )
    if filters.get("city"):
        profiles = profiles.filter(city__iexact=filters["city"].strip()).filter(
            visible_q(viewer, "location_visibility")
        )
    if filters.get("mentoring"):
        profiles = profiles.filter(open_to_mentoring=True).filter(
            visible_q(viewer, "mentoring_visibility")
        )
    education_lookups = {
        lookup: filters[name] for name, lookup in EDUCATION_FILTERS.items() if filters.get(name)
    }
    if education_lookups:
        if filters.get("faculty"):
            # The faculty alone needs no look at the education rows (the faculty set says it);
            # with other education filters it narrows the rows the subquery is run for.
            profiles = profiles.filter(studied_at_q([filters["faculty"]]))
        if set(education_lookups) != {"faculty_id"}:
            education = EducationRecord.objects.filter(
                profile_id=OuterRef("pk"), **education_lookups
            )
            profiles = profiles.filter(Exists(education))
        profiles = profiles.filter(visible_q(viewer, "education_visibility"))
    return profiles


class DirectoryPaginator(Paginator):
    """Counts at most COUNT_LIMIT results: beyond that the page says "more than 2,000 members"
    and offers the first COUNT_LIMIT / PAGE_SIZE pages. Counting all 56,000 listed members of the
    demo data was half of a request's time; nobody pages past the fortieth page of names, and
    a search or a filter narrows the list (SECURITY.md M6 limits paging anyway)."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, RankedProfiles):
            found = self.object_list.count()  # ranked: every match is scored anyway
        else:
            found = self.object_list.order_by()[: COUNT_LIMIT + 1].count()
        self.more = found > COUNT_LIMIT
        return min(found, COUNT_LIMIT)


def page_number(value) -> int:
    """The page asked for, 1 when it is not a positive number (Paginator.get_page does the same
    for the page it shows; this only tells the ranked search which page to fetch first)."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def search_directory(viewer: Viewer, filters: dict, page_number_value):
    """A page of at most PAGE_SIZE profiles, most relevant first when there is a query."""
    from home.views import search_terms

    profiles = filtered_profiles(viewer, filters)
    terms = search_terms(filters.get("q") or "").split()
    if terms:
        results = RankedProfiles(
            profiles, terms, page_size=PAGE_SIZE, first_page=page_number(page_number_value)
        )
    else:
        results = profiles.order_by("display_name", "pk")
    page = DirectoryPaginator(results, PAGE_SIZE).get_page(page_number_value)
    ids = [profile.pk for profile in page.object_list]
    loaded = {p.pk: p for p in Profile.objects.filter(pk__in=ids).for_directory_cards()}
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
    # The ranking is remembered for a while; who may be shown is not: the remembered members
    # go through the whole query again (listed, active, visible parts), which is cheap for six.
    key = f"people-like-you:{viewer.user.pk}"
    remembered = cache.get(key)
    if remembered:
        still = {p.pk: p for p in ranked.filter(pk__in=remembered).with_directory_relations()}
        if len(still) == len(remembered):
            return [still[pk] for pk in remembered]
    best = rank_people_like_you(ranked, me, my_programmes, my_interests, limit)
    cache.set(key, [profile.pk for profile in best], SUGGESTIONS_SECONDS)
    return best


def rank_people_like_you(ranked, me, my_programmes, my_interests, limit):
    """The first `limit` of `ranked` (see people_like_you), without scoring every member."""
    # Scoring every listed member took 1-2 s at 100,000 members. Those who share a programme
    # rank first, so they are scored first, found through the education table; the others
    # (sharing interests or the employer) are scored only when those are fewer than `limit`.
    sharing_programme = EducationRecord.objects.filter(programme_id__in=my_programmes)
    best = list(
        ranked.filter(pk__in=sharing_programme.values("profile_id")).with_directory_relations()[
            :limit
        ]
    )
    if len(best) == limit:
        return best
    sharing_interest = ProfileInterest.objects.filter(tag_id__in=my_interests)
    others = Q(pk__in=sharing_interest.values("content_object_id"))
    if me.employer:
        others |= Q(employer__iexact=me.employer)
    rest = ranked.filter(others).exclude(pk__in=[profile.pk for profile in best])
    return best + list(rest.with_directory_relations()[: limit - len(best)])
