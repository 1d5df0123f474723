"""Demo events for `manage.py seed_demo [--members N]`: the site-wide event index and one per
launched (pilot or live) faculty section, a handful of realistic events with registrations by
demo members (Kari is registered for the alumni evening in Drammen), and at --members ≥ 50,000
the scale of DESIGN.md §7: 5,000 events and about 200,000 registrations.

Idempotent: pages are found by their slug, registrations are only added to events that have
none. The handful of events goes through Wagtail's API (revisions, search index). The thousands
go in with plain INSERTs (events `insert_event_pages`, registrations `insert_rows`): Wagtail's
`add_child` and `save_revision().publish()` cost tens of milliseconds a page, several minutes for
5,000; the bulk path writes the page rows as treebeard would (path, depth, numchild, url_path)
and takes a few seconds (docs/events.md has the measured numbers).
"""

import secrets
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import F
from django.utils import timezone

from wagtail.models import Locale, Page

from accounts.models import User
from community.demo.writing import insert_rows
from home.demo import ensure_page, paragraph
from home.models import Campus, Faculty, FacultySectionPage, HomePage, LaunchState

from .models import (
    AttendanceMode,
    Audience,
    EventIndexPage,
    EventPage,
    EventRegistration,
    QuestionKind,
    RegistrationQuestion,
    RegistrationStatus,
)

OSLO = ZoneInfo("Europe/Oslo")
KARI = "kari.nordmann@example.no"
SCALE_MEMBERS = 50_000
SCALE_EVENTS = 5_000
SCALE_REGISTRATIONS_PER_EVENT = 40  # 5,000 × 40 = 200,000
SCALE_SLUG = "demo-arrangement-{:05d}"
CHUNK = 1_000

# (slug, index ("site" or a faculty code), title, days from today, start hour, hours, fields)
EVENTS = [
    (
        "alumnikveld-drammen",
        "site",
        "Alumnikveld i Drammen",
        21,
        18,
        4,
        dict(
            intro="Møt gamle studiekamerater og nye kontakter over en matbit ved elva i Drammen.",
            campus="Drammen",
            venue="Campus Drammen, kantina",
            address="Grønland 58, 3045 Drammen",
            audience=Audience.MEMBERS,
            capacity=80,
            guests_allowed=1,
            price="250 kr",
            member_price="150 kr",
            organiser_name="USN Alumni",
            organiser_email="alumni@usn.no",
            tags=["nettverk", "sosialt"],
            questions=[("Matallergier eller andre hensyn vi bør vite om?", QuestionKind.TEXT, "")],
        ),
    ),
    (
        "karrierekurs-leder",
        "HH",
        "Karrierekurs: Fra fagperson til leder",
        35,
        12,
        4,
        dict(
            intro="Et halvdagskurs for alumni som er nye som ledere, med erfarne ledere fra regionen.",  # noqa: E501
            campus="Vestfold",
            venue="Campus Vestfold, auditorium A1",
            address="Raveien 215, 3184 Borre",
            audience=Audience.VERIFIED,
            capacity=25,
            organiser_name="Handelshøyskolen USN",
            organiser_email="hh-alumni@usn.no",
            tags=["karriere", "ledelse"],
            questions=[
                (
                    "Hvilken økt vil du være med på etter lunsj?",
                    QuestionKind.CHOICE,
                    "Medarbeidersamtalen\nEndringsledelse",
                ),
            ],
        ),
    ),
    (
        "webinar-baerekraft",
        "HH",
        "Webinar: Bærekraftig økonomistyring",
        10,
        12,
        1,
        dict(
            intro="Hvordan rapporterer norske virksomheter på bærekraft? Et nettmøte på en time.",
            attendance_mode=AttendanceMode.ONLINE,
            online_url="https://usn.zoom.example/j/demo-baerekraft",
            audience=Audience.PUBLIC,
            organiser_name="Handelshøyskolen USN",
            organiser_email="hh-alumni@usn.no",
            tags=["bærekraft", "økonomi"],
        ),
    ),
    (
        "alumnitreff-porsgrunn",
        "site",
        "Alumnitreff i Porsgrunn",
        14,
        17,
        3,
        dict(
            intro="En liten kveld for alumni i Grenland: omvisning på campus og pizza etterpå.",
            campus="Porsgrunn",
            venue="Campus Porsgrunn, biblioteket",
            address="Kjølnes ring 56, 3918 Porsgrunn",
            attendance_mode=AttendanceMode.HYBRID,
            online_url="https://usn.zoom.example/j/demo-porsgrunn",
            audience=Audience.MEMBERS,
            capacity=6,
            organiser_name="USN Alumni",
            organiser_email="alumni@usn.no",
            tags=["nettverk"],
        ),
    ),
    (
        "julebord-alumni",
        "site",
        "Julebord for alumni",
        -40,
        19,
        4,
        dict(
            intro="Årets julebord for alumni og ansatte.",
            campus="Bø",
            venue="Campus Bø, Fyrhuset",
            address="Gullbringvegen 36, 3800 Bø",
            audience=Audience.MEMBERS,
            capacity=60,
            organiser_name="USN Alumni",
            organiser_email="alumni@usn.no",
            tags=["sosialt"],
        ),
    ),
]


def at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, clock(hour, 0), tzinfo=OSLO)


def ensure_indexes(home, nb):
    indexes = {
        "site": ensure_page(
            home,
            EventIndexPage,
            "arrangementer",
            title="Arrangementer",
            show_in_menus=True,
            intro="Alumnikvelder, kurs, webinarer og konferanser ved USN.",
        )
    }
    sections = FacultySectionPage.objects.filter(
        locale=nb, launch_state__in=[LaunchState.PILOT, LaunchState.LIVE]
    ).select_related("faculty")
    for section in sections:
        indexes[section.faculty.code] = ensure_page(
            section,
            EventIndexPage,
            "arrangementer",
            title=f"Arrangementer – {section.faculty.code}",
            intro=f"Arrangementer for alumni fra {section.faculty.name_nb}.",
        )
    return indexes


def ensure_events(indexes, campuses) -> list[EventPage]:
    events = []
    for slug, where, title, days, hour, hours, spec in EVENTS:
        index = indexes.get(where)
        if index is None:
            continue
        spec = dict(spec)
        tags = spec.pop("tags", [])
        questions = spec.pop("questions", [])
        campus = campuses.get(spec.pop("campus", None))
        start = at(days, hour)
        event = ensure_page(
            index,
            EventPage,
            slug,
            tags=tags,
            title=title,
            start=start,
            end=start + timedelta(hours=hours),
            campus=campus,
            body=[paragraph(f"<p>{spec['intro']}</p>")],
            **spec,
        )
        if questions and not event.questions.exists():
            for order, (label, kind, choices) in enumerate(questions):
                RegistrationQuestion.objects.create(
                    page=event, sort_order=order, label=label, kind=kind, choices=choices
                )
        events.append(event)
    return events


def demo_registrations(context, events) -> int:
    """Demo members on each demo event that has no registrations yet; Kari on the evening in
    Drammen. Straight into the table: no mail goes out for demo data."""
    members = list(
        User.objects.filter(is_staff=False, is_superuser=False, is_active=True)
        .exclude(email__iexact=KARI)
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    kari = User.objects.filter(email__iexact=KARI).first()
    rng = context.random
    created = 0
    for event in events:
        if EventRegistration.objects.filter(event=event).exists():
            continue
        wanted = min(len(members), {"alumnitreff-porsgrunn": 9}.get(event.slug, 30))
        people = rng.sample(members, wanted)
        if kari and event.slug == "alumnikveld-drammen":
            people.insert(0, kari.pk)
        taken, rows = 0, []
        base = event.start - timedelta(days=20)
        for n, user_id in enumerate(people):
            fits = event.capacity is None or taken + 1 <= event.capacity
            status = RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITLISTED
            created_at = min(base + timedelta(hours=5 * n), timezone.now())
            registration = EventRegistration(
                event=event,
                user_id=user_id,
                status=status,
                created_at=created_at,
                confirmed_at=created_at if fits else None,
                answers=[],
            )
            if fits:
                taken += 1
            if event.has_ended() and fits and rng.random() < 0.8:
                registration.attended_at = event.start + timedelta(minutes=rng.randint(0, 30))
            rows.append(registration)
        EventRegistration.objects.bulk_create(rows)
        created += len(rows)
    return created


def _insert(connection, table, columns, rows):
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",  # noqa: S608
            rows,
        )


def insert_event_pages(parent: Page, pages: list[EventPage]) -> None:
    """Insert live EventPages under `parent` as treebeard and Wagtail would leave them (path,
    depth, url_path, one row in each of the two tables), without revisions, signals or search
    index entries. The pages get their primary keys."""
    connection = connections[router.db_for_write(Page)]
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(EventPage)
    now = timezone.now()
    for offset, page in enumerate(pages):
        page.path = Page._get_path(parent.path, parent.depth + 1, first_step + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        page.draft_title = page.title
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    _insert(
        connection,
        Page._meta.db_table,
        [f.column for f in page_fields],
        [
            tuple(f.get_db_prep_save(f.pre_save(page, True), connection) for f in page_fields)
            for page in pages
        ],
    )
    ids = dict(
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .filter(path__in=[page.path for page in pages])
        .values_list("path", "pk")
    )
    for page in pages:
        page.pk = page.id = page.page_ptr_id = ids[page.path]
    event_fields = EventPage._meta.local_concrete_fields
    _insert(
        connection,
        EventPage._meta.db_table,
        [f.column for f in event_fields],
        [
            tuple(f.get_db_prep_save(f.pre_save(page, True), connection) for f in event_fields)
            for page in pages
        ],
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


SCALE_TITLES = [
    "Alumnikveld",
    "Frokostmøte",
    "Karrierekurs",
    "Webinar",
    "Fagdag",
    "Nettverksmøte",
    "Gjesteforelesning",
    "Konferanse",
]
SCALE_TOPICS = [
    "bærekraft",
    "ledelse",
    "digitalisering",
    "helse",
    "læring",
    "innovasjon",
    "regnskap",
    "teknologi",
]


def build_scale(context, indexes, campuses) -> None:
    """5,000 events (past and upcoming, spread over the indexes) and about 200,000
    registrations, in chunks; events that exist already are skipped."""
    started = time.monotonic()
    rng = context.random
    site = indexes["site"]
    existing = set(
        EventPage.objects.filter(slug__startswith="demo-arrangement-").values_list(
            "slug", flat=True
        )
    )
    members = list(User.objects.filter(is_staff=False, is_active=True).values_list("pk", flat=True))
    faculties = {f.code: f.pk for f in Faculty.objects.all()}
    faculty_ids = sorted(faculties.values())
    campus_list = sorted(campuses.values(), key=lambda c: c.pk)
    targets = [(index, faculties.get(code)) for code, index in sorted(indexes.items())]
    connection = connections[router.db_for_write(EventRegistration)]
    adapt = connection.ops.adapt_datetimefield_value
    new_events = registrations = 0
    for chunk_start in range(0, SCALE_EVENTS, CHUNK):
        by_parent = {}
        for n in range(chunk_start, min(SCALE_EVENTS, chunk_start + CHUNK)):
            slug = SCALE_SLUG.format(n)
            # A quarter in the faculty sections' indexes, the rest site-wide (half with a faculty).
            index, faculty_id = targets[n % len(targets)] if n % 4 == 0 else (site, None)
            if faculty_id is None and n % 2:
                faculty_id = faculty_ids[n % len(faculty_ids)]
            if slug in existing:
                continue
            kind = SCALE_TITLES[n % len(SCALE_TITLES)]
            topic = SCALE_TOPICS[(n // len(SCALE_TITLES)) % len(SCALE_TOPICS)]
            campus = campus_list[n % len(campus_list)] if campus_list else None
            start = at(rng.randint(-540, 540), rng.choice([9, 12, 17, 18]))
            online = kind == "Webinar"
            by_parent.setdefault(index.pk, (index, []))[1].append(
                EventPage(
                    title=f"{kind}: {topic} ({n + 1})",
                    slug=slug,
                    intro=f"{kind} for alumni om {topic}.",
                    start=start,
                    end=start + timedelta(hours=rng.choice([1, 2, 3, 4])),
                    attendance_mode=AttendanceMode.ONLINE if online else AttendanceMode.IN_PERSON,
                    online_url="https://usn.zoom.example/j/demo" if online else "",
                    campus=None if online else campus,
                    venue="" if online else f"Campus {campus.name}" if campus else "",
                    faculty_id=faculty_id,
                    audience=[Audience.PUBLIC, Audience.MEMBERS, Audience.VERIFIED][n % 3],
                    capacity=rng.choice([None, 30, 50, 100, 200]),
                    body=[],
                )
            )
        created = []
        for index, pages in by_parent.values():
            insert_event_pages(index, pages)
            created.extend(pages)
        new_events += len(created)
        rows = []
        for page in created:
            people = rng.sample(members, min(len(members), SCALE_REGISTRATIONS_PER_EVENT))
            registered = page.start - timedelta(days=30)
            for position, user_id in enumerate(people):
                fits = page.capacity is None or position < page.capacity
                moment = adapt(registered + timedelta(minutes=17 * position))
                rows.append(
                    (
                        page.pk,
                        user_id,
                        RegistrationStatus.CONFIRMED if fits else RegistrationStatus.WAITLISTED,
                        moment,
                        moment if fits else None,
                        secrets.token_urlsafe(24),
                        "",
                        "",
                        "",
                    )
                )
        insert_rows(
            EventRegistration,
            ["event_id", "user_id", "status", "created_at", "confirmed_at", "cancel_token"]
            + ["visitor_name", "visitor_email", "language"],
            rows,
        )
        registrations += len(rows)
    context.say(
        f"  events at scale: {new_events:,} new events, {registrations:,} registrations "
        f"({time.monotonic() - started:.1f} s)"
    )


def build(context):
    started = time.monotonic()
    nb = Locale.objects.get(language_code="nb")
    home = HomePage.objects.filter(locale=nb).first()
    if home is None:
        return
    campuses = {campus.name: campus for campus in Campus.objects.all()}
    indexes = ensure_indexes(home, nb)
    events = ensure_events(indexes, campuses)
    registrations = demo_registrations(context, events)
    context.say(
        f"  events: {len(events)} demo events, {registrations} new registrations "
        f"({time.monotonic() - started:.1f} s)"
    )
    if context.options.get("members", 300) >= SCALE_MEMBERS:
        build_scale(context, indexes, campuses)
