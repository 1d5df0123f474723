"""Writing the planned members: plain INSERTs that skip bulk_create's per-row work and send no
signals (`insert_rows`, `insert_objects`); the rows a plan turns into (`Rows`); a chunk of
members with all that belongs to them; the named logins' profiles and login addresses; and the
directory's search index, filled per chunk through the backends' bulk path.
"""

import itertools
from datetime import date, timedelta
from operator import attrgetter

from django.db import connections, models, router
from django.db.models import Max
from django.utils import timezone

from modelcluster.queryset import FakeQuerySet

from allauth.account.models import EmailAddress

from accounts.models import User
from home.models import Campus, Faculty, Programme

from ..members import ensure_profile
from ..models import (
    EducationRecord,
    GraduateRecord,
    InterestTag,
    Profile,
    ProfileInterest,
    ProfileLink,
    ProfileSkill,
    SkillTag,
    VerificationClaim,
    VerificationMethod,
)
from ..models.verification import name_key
from .planning import NAMED_PROFILES, PlannedMember
from .search_index import add_to_index
from .vocabulary import CURATED_INTERESTS, DEGREES, FREE_INTERESTS, SKILLS


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """INSERT plain value tuples with one executemany (SQLite) or one COPY (PostgreSQL). At
    100,000 members (about ten rows each) bulk_create's per-row work (a model instance, each
    value prepared and placed in the SQL one at a time) would take more than the whole time
    budget; this takes a fraction.

    Values must be what the database driver takes (str, int, bool, None; dates and datetimes
    through connection.ops, see insert_objects). Columns left out get the field's default,
    computed once, so a field added to the model later does not break the demo."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    given = [model._meta.get_field(name) for name in columns]
    rest = [f for f in model._meta.concrete_fields if not f.primary_key and f not in given]
    for missing in rest:
        if not (missing.has_default() or missing.null):
            raise ValueError(f"insert_rows({model.__name__}) needs a value for {missing.name}.")
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in given + rest)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the rows stream to the server in one command, several times faster than
            # executemany's pipelined INSERTs (docs/demo-data.md). COPY is psycopg's own API, so
            # the raw cursor; DEBUG's query log does not see it.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + defaults)
            return
        marks = ", ".join(["%s"] * (len(given) + len(rest)))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        # executemany: SQLite steps one prepared statement in C (also with DEBUG's query log
        # on).
        cursor.executemany(sql, [row + defaults for row in rows] if defaults else rows)


# Columns whose Python value is what the driver takes; every other field (dates, JSON, files,
# countries, ...) goes through pre_save() and get_db_prep_save() as in bulk_create.
PLAIN_FIELDS = (models.CharField, models.TextField, models.EmailField, models.BooleanField,
                models.IntegerField, models.PositiveSmallIntegerField, models.ForeignKey,
                models.OneToOneField)  # fmt: skip


def insert_objects(model, objs: list) -> None:
    """insert_rows for unsaved model instances (all concrete columns); the caller reads the new
    primary keys back by a unique column."""
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plain = [f for f in fields if type(f) in PLAIN_FIELDS]
    special = [f for f in fields if type(f) not in PLAIN_FIELDS]
    plain_values = attrgetter(*(f.attname for f in plain))
    rows = [
        plain_values(obj)
        + tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in special)
        for obj in objs
    ]
    insert_rows(model, [f.attname for f in plain + special], rows)


EDUCATION_COLUMNS = ["profile_id", "faculty_id", "programme_id", "programme_name", "campus_id",
                     "degree_level", "graduation_year", "verified"]  # fmt: skip
GRADUATE_COLUMNS = ["student_number", "full_name", "name_key", "email", "faculty_id",
                    "programme_id", "programme_name", "degree", "graduation_date",
                    "matched_user_id", "updated_at"]  # fmt: skip
TAG_COLUMNS = ["tag_id", "content_object_id"]


class Rows:
    """Reference rows by the keys the plans use, and the database rows a plan turns into."""

    def __init__(self):
        connection = connections[router.db_for_write(GraduateRecord)]
        self.adapt_date = connection.ops.adapt_datefield_value
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.faculties = {faculty.code: faculty.pk for faculty in Faculty.objects.all()}
        self.programmes = {p.code: p for p in Programme.objects.select_related("faculty")}
        self.campuses = {campus.name: campus.pk for campus in Campus.objects.all()}
        self.by_faculty = {code: [] for code in self.faculties}
        # Sorted in Python, so the plan does not depend on the database's collation.
        for programme in sorted(self.programmes.values(), key=lambda p: p.code):
            self.by_faculty[programme.faculty.code].append(programme)
        skills = {name for names in SKILLS.values() for name in names}
        skills |= {name for spec in NAMED_PROFILES.values() for name in spec["skills"]}
        self.skills = ensure_tags(SkillTag, sorted(skills))
        self.interests = ensure_tags(InterestTag, CURATED_INTERESTS, curated=True)
        self.interests |= ensure_tags(InterestTag, FREE_INTERESTS)
        # Given out in member order and continued from the last one, so a larger N gives the
        # numbers a fresh run would, and a run with another seed does not collide.
        members = GraduateRecord.objects.filter(student_number__range=("100000", "699999"))
        last = members.aggregate(last=Max("student_number"))["last"]
        self.student_numbers = itertools.count(int(last) + 1 if last else 100000)

    def student_number(self) -> str:
        return str(next(self.student_numbers))

    def education(self, profile_id: int, records, verified: bool) -> list[tuple]:
        result = []
        for record in records:
            programme = self.programmes[record.programme]
            # As registered when it came from the register; members pick from the list.
            name = programme.name_nb if verified else ""
            result.append((profile_id, self.faculties[record.faculty], programme.pk, name,
                           self.campuses[record.campus], programme.degree_level, record.year,
                           verified))  # fmt: skip
        return result

    def graduate(self, number, name, email, record, user_id=None) -> tuple:
        programme = self.programmes[record.programme]
        graduated = self.adapt_date(date(record.year, record.month, 15))
        return (number, name, name_key(name), email, self.faculties[record.faculty], programme.pk,
                programme.name_nb, DEGREES[programme.degree_level], graduated, user_id,
                self.now)  # fmt: skip

    def claim(self, user_id, record, student_number, message) -> VerificationClaim:
        return VerificationClaim(
            user_id=user_id,
            faculty_id=self.faculties[record.faculty],
            programme=self.programmes[record.programme],
            graduation_year=record.year,
            student_number=student_number,
            message=message,
        )

    def tag(self, profile, skills, interests) -> None:
        """Hand the profile its tags as prefetch_related would (taggit reads this cache), so
        members_search_text() costs no query when the index is built."""
        profile._prefetched_objects_cache = {
            "skills": FakeQuerySet(SkillTag, [self.skills[name] for name in skills]),
            "interests": FakeQuerySet(InterestTag, [self.interests[name] for name in interests]),
        }

    def insert_tags(self, profiles) -> None:
        """Write the tags the profiles were handed (tag())."""
        skills = [(t.pk, p.pk) for p in profiles for t in p.skills.all()]
        interests = [(t.pk, p.pk) for p in profiles for t in p.interests.all()]
        insert_rows(ProfileSkill, TAG_COLUMNS, skills)
        insert_rows(ProfileInterest, TAG_COLUMNS, interests)


def ensure_tags(model, names, **fields) -> dict:
    tags = {tag.name: tag for tag in model.objects.filter(name__in=names)}
    for name in names:
        if name not in tags:
            tags[name] = model.objects.create(name=name, **fields)  # save() makes the slug
    return tags


def write_members(planned: list[PlannedMember], rows: Rows, password: str) -> list[Profile]:
    """Insert one chunk of members and all that belongs to them. The new profiles come back
    holding their tags, ready for the search index."""
    now = timezone.now()
    users = [
        User(
            email=m.email,
            first_name=m.first_name,
            last_name=m.last_name,
            password=password,
            preferred_language=m.language,
            date_joined=now - timedelta(days=m.joined_days_ago),
        )
        for m in planned
    ]
    insert_objects(User, users)
    ids = User.objects.filter(email__in=[user.email for user in users])
    ids = dict(ids.values_list("email", "pk"))
    for user in users:
        user.pk = ids[user.email]
    insert_rows(
        EmailAddress,
        ["user_id", "email", "verified", "primary"],
        [(user.pk, user.email, True, True) for user in users],
    )
    profiles = [
        Profile(
            user_id=user.pk,
            verified_at=user.date_joined if m.status == "verified" else None,
            verification_method=VerificationMethod.REGISTER if m.status == "verified" else "",
            confirmed_at=now - timedelta(days=m.confirmed_days_ago),
            **m.profile,
        )
        for m, user in zip(planned, users, strict=True)
    ]
    insert_objects(Profile, profiles)
    ids = Profile.objects.filter(user_id__in=[user.pk for user in users])
    ids = dict(ids.values_list("user_id", "pk"))
    education, graduates, claims, links = [], [], [], []
    for m, user, profile in zip(planned, users, profiles, strict=True):
        profile.pk = ids[user.pk]
        verified = m.status == "verified"
        education += rows.education(profile.pk, m.education, verified)
        rows.tag(profile, m.skills, m.interests)
        if verified:
            graduates += [
                rows.graduate(rows.student_number(), m.full_name, m.email, record, user.pk)
                for record in m.education
            ]
        elif m.status == "pending":
            number = rows.student_number() if m.claim_student_number else ""
            claims.append(rows.claim(user.pk, m.education[0], number, m.claim_message))
            if number:  # in the register, under the address they had as a student
                graduates.append(rows.graduate(number, m.full_name, "", m.education[0]))
        if m.link:
            links.append(ProfileLink(profile_id=profile.pk, label="Nettside", url=m.link))
    insert_rows(EducationRecord, EDUCATION_COLUMNS, education)
    # The INSERTs send no signals: the faculty sets the directory's privacy checks read.
    Profile.objects.filter(pk__in=[p.pk for p in profiles]).refresh_education_faculties()
    insert_rows(GraduateRecord, GRADUATE_COLUMNS, graduates)
    rows.insert_tags(profiles)
    VerificationClaim.objects.bulk_create(claims)
    ProfileLink.objects.bulk_create(links)
    return profiles


def index_profiles(profiles: list[Profile]) -> None:
    """Add profiles to every auto-updated search backend in one bulk call per chunk
    (search_index.add_to_index). members_search_text() reads the tags: the profiles hold them
    already (write_members, profiles_for_index), so no profile costs a query."""
    add_to_index(Profile, profiles)


def profiles_for_index(profile_ids: list[int]) -> list[Profile]:
    """A few profiles from the database with their tags, for index_profiles()."""
    return list(Profile.objects.filter(pk__in=profile_ids).prefetch_related("skills", "interests"))


def complete_named_member(user, spec: dict, rows: Rows) -> int | None:
    """Give a named demo login the profile the walkthroughs expect, once: a profile that has
    education already is left alone. The profile's id when something was written."""
    profile = ensure_profile(user)
    if profile.education.exists():
        return None
    verified = spec["status"] == "verified"
    fields = {**spec["profile"], "display_name": user.get_full_name()}
    if verified:
        fields |= {"is_verified": True, "verified_at": timezone.now()}
        fields["verification_method"] = VerificationMethod.REGISTER
    # update(), not save(): no per-object signal or index task; the caller indexes the profile.
    Profile.objects.filter(pk=profile.pk).update(**fields)
    insert_rows(
        EducationRecord, EDUCATION_COLUMNS, rows.education(profile.pk, spec["education"], verified)
    )
    Profile.objects.filter(pk=profile.pk).refresh_education_faculties()
    rows.tag(profile, spec["skills"], spec["interests"])
    rows.insert_tags([profile])  # index_profiles() reads them back with the updated profile
    email, matched = (user.email, user.pk) if verified else ("", None)
    numbers = GraduateRecord.objects.filter(student_number__in=spec["student_numbers"])
    taken = set(numbers.values_list("student_number", flat=True))
    graduates = [
        rows.graduate(number, user.get_full_name(), email, record, matched)
        for number, record in zip(spec["student_numbers"], spec["education"], strict=True)
        if number not in taken
    ]
    insert_rows(GraduateRecord, GRADUATE_COLUMNS, graduates)
    if spec["status"] == "pending":
        number = spec["student_numbers"][0]
        rows.claim(user.pk, spec["education"][0], number, spec["claim_message"]).save()
    return profile.pk


def ensure_login_addresses(context) -> None:
    """allauth lets no one log in without a verified address: one for every demo login so far
    (accounts and home run before community, so the administrator and coordinator exist)."""
    for _role, email, _password in context.logins:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            continue
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            primary = not EmailAddress.objects.filter(user=user, primary=True).exists()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=primary)
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
