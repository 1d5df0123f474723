"""Demo mentoring for `manage.py seed_demo` (called by careers/demo.py): about 25 mentors among
the demo members, with topics from their interests and work; Kari (kari.nordmann@example.no) as a
mentor herself, as the mentee of an active mentorship and with a request waiting for an answer;
and the HH pilot's programme "Mentorprogram for økonomistudenter", open for applications, with
mentors and mentees who applied and the matcher's suggestions for the HH coordinator.

Deterministic and idempotent: members are chosen in address order, choices come from a stream
seeded from --seed, and each part is skipped when it is there already, so a second run adds
nothing. Mentors go through the mentoring services, so the profiles' "open to mentoring" and the
notifications are as a member's own actions would leave them.
"""

import random
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from community.models import EducationRecord, InterestTag, Profile
from community.privacy import Viewer
from home.models import Faculty

from ..models import (
    MentoringFormat,
    MentoringProgramme,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    ProgrammeApplication,
)
from . import matching, service
from .search import ranked_mentors

KARI = "kari.nordmann@example.no"
NAMED = {KARI, "ola.hansen@example.no"}
COORDINATOR_HH = "koordinator.hh@usn.example"
MENTORS = 25
PROGRAMME_NAME = "Mentorprogram for økonomistudenter"
PROGRAMME_MENTORS, PROGRAMME_MENTEES = 4, 8

# Topics a mentor in an industry is likely to offer (the curated interests of community.demo).
INDUSTRY_TOPICS = {
    "accounting": ["Økonomi og finans", "Personlig økonomi"],
    "banking": ["Økonomi og finans", "Personlig økonomi"],
    "consulting": ["Prosjektledelse", "Innovasjon"],
    "it": ["Digitalisering", "Kunstig intelligens", "Teknologi"],
    "health": ["Folkehelse", "Psykisk helse"],
    "social": ["Psykisk helse", "Folkehelse"],
    "education": ["Skole og barnehage", "Forskning"],
    "energy": ["Energi og klima", "Bærekraft"],
    "maritime": ["Maritim næring", "Internasjonalt arbeid"],
    "public": ["Offentlig sektor", "Samfunnsansvar"],
    "manufacturing": ["Innovasjon", "Teknologi"],
    "retail": ["Markedsføring", "Entreprenørskap"],
    "hospitality": ["Reiseliv", "Markedsføring"],
    "sport": ["Idrett", "Friluftsliv"],
}
GENERAL_TOPICS = ["Karriere", "Ledelse", "Nettverksbygging", "Entreprenørskap"]
HELP_WITH = [
    "første jobb etter studiene",
    "overgangen fra fagperson til leder",
    "jobbsøknader og intervju",
    "å bygge nettverk i bransjen",
    "å starte for seg selv",
    "valg av videreutdanning",
]
MENTOR_MOTIVATIONS = [
    "Jeg fikk selv god hjelp av en mentor da jeg var ny i arbeidslivet, og vil gi noe tilbake.",
    "Jeg har ansatt mange nyutdannede økonomer og vet hva som gjør en søknad god.",
    "Jeg vil gjerne dele erfaring fra bank og finans med studenter som vurderer bransjen.",
    "Som leder ser jeg hvor mye et godt nettverk betyr tidlig i karrieren.",
]
MENTEE_MOTIVATIONS = [
    "Jeg går siste året på bachelor i økonomi og administrasjon og lurer på hvilken retning "
    "jeg skal velge.",
    "Jeg ønsker å lære mer om hvordan det er å jobbe i revisjon før jeg søker jobb.",
    "Jeg vil gjerne ha råd om overgangen fra studier til arbeidsliv.",
    "Jeg vurderer master og vil snakke med noen som har gått veien før meg.",
]


def build(context):
    rng = random.Random(f"{context.seed}:careers.mentoring")
    topics = {tag.name: tag for tag in InterestTag.objects.filter(curated=True)}
    mentors = ensure_mentors(rng, topics)
    kari = User.objects.filter(email__iexact=KARI).select_related("profile").first()
    if kari is not None and hasattr(kari, "profile") and kari.profile.is_verified:
        ensure_kari(kari, topics)
    programme = ensure_programme(rng)
    context.say(
        f"  mentoring: {MentorProfile.objects.count()} mentors ({len(mentors)} new), "
        f"{Mentorship.objects.filter(status='active').count()} active mentorships, "
        f"{MentoringRequest.objects.filter(status='pending').count()} requests waiting; "
        f"programme '{programme.name}': {programme.applications.count()} applications, "
        f"{programme.matches.count()} suggested matches"
    )


def verified_members():
    """Verified, active demo members in address order (the named logins aside)."""
    return (
        User.objects.filter(is_active=True, profile__is_verified=True)
        .exclude(email__in=NAMED)
        .select_related("profile")
        .order_by("email")
    )


def offer_text(rng, profile: Profile, names) -> str:
    if profile.current_position and profile.employer:
        start = f"Jeg jobber som {profile.current_position.lower()} i {profile.employer}."
    elif profile.current_position:
        start = f"Jeg jobber som {profile.current_position.lower()}."
    else:
        start = "Jeg har flere år bak meg i arbeidslivet etter studiene ved USN."
    topics = ", ".join(name.lower() for name in names[:2]) or "karriere"
    return (
        f"{start} Jeg hjelper gjerne med {rng.choice(HELP_WITH)}, og kan mye om {topics}. "
        "Ta kontakt med noen ord om hvor du står og hva du lurer på."
    )


def ensure_mentors(rng, topics) -> list[MentorProfile]:
    """Up to MENTORS mentors, those open to mentoring first; nothing when they are there."""
    if MentorProfile.objects.exclude(user__email__iexact=KARI).count() >= MENTORS:
        return []
    has_offer = MentorProfile.objects.filter(user=OuterRef("pk"))
    candidates = list(
        verified_members()
        .filter(profile__open_to_mentoring=True)
        .exclude(Exists(has_offer))[:MENTORS]
    )
    if len(candidates) < MENTORS:
        taken = [user.pk for user in candidates]
        candidates += list(
            verified_members()
            .exclude(pk__in=taken)
            .exclude(Exists(has_offer))[: MENTORS - len(candidates)]
        )
    created = []
    for user in candidates:
        profile = user.profile
        names = [tag.name for tag in profile.interests.all() if tag.name in topics]
        names += [name for name in INDUSTRY_TOPICS.get(profile.industry, []) if name in topics]
        names += [rng.choice(GENERAL_TOPICS)]
        names = list(dict.fromkeys(name for name in names if name in topics))[:5]
        one_off = rng.random() < 0.8
        created.append(
            service.save_offer(
                user,
                about=offer_text(rng, profile, names),
                topics=[topics[name] for name in names],
                capacity=rng.choice([1, 1, 2, 2, 3]),
                offers_one_off=one_off,
                offers_term=not one_off or rng.random() < 0.6,
            )
        )
    return created


def ensure_kari(kari, topics) -> None:
    """Kari mentors, has an active mentorship as a mentee and a request waiting."""
    if not MentorProfile.objects.filter(user=kari).exists():
        service.save_offer(
            kari,
            about="Økonomisjef i Sparebanken Øst. Jeg tar gjerne en prat med ferske økonomer "
            "om budsjettering, økonomistyring og de første årene i bank.",
            topics=[topics[n] for n in ("Økonomi og finans", "Ledelse") if n in topics],
            capacity=2,
            offers_one_off=True,
            offers_term=True,
        )
    if Mentorship.objects.filter(mentee=kari).exists():
        return
    best = list(ranked_mentors(Viewer.for_user(kari), {"format": MentoringFormat.TERM})[:2])
    if not best:
        return
    started = timezone.now() - timedelta(days=40)
    request = service.send_request(
        kari,
        best[0],
        format=MentoringFormat.TERM,
        purpose="Jeg vil videre fra økonomisjef mot en rolle som finansdirektør, og ønsker "
        "sparring på ledelse og strategi.",
        now=started - timedelta(days=3),
    )
    service.accept_request(
        best[0].user, request, timezone.localdate(started) + timedelta(days=180), now=started
    )
    if len(best) > 1 and not MentoringRequest.objects.filter(mentee=kari, status="pending"):
        service.send_request(
            kari,
            best[1],
            format=MentoringFormat.TERM,
            purpose="Jeg er nysgjerrig på bærekraft i finans og vil gjerne lære av din erfaring.",
            now=timezone.now() - timedelta(days=2),
        )


def ensure_programme(rng) -> MentoringProgramme:
    """The HH programme, open for applications, with applicants and suggested matches."""
    hh = Faculty.objects.get(code="HH")
    now = timezone.now()
    today = timezone.localdate()
    programme, created = MentoringProgramme.objects.get_or_create(
        name=PROGRAMME_NAME,
        defaults={
            "description": (
                "Handelshøyskolen USN kobler studenter i økonomi og administrasjon med "
                "erfarne alumni. Mentor og mentee møtes en gang i måneden gjennom vårsemesteret, "
                "og programmet starter og avslutter med en samling i Drammen.\n\n"
                "Søk som mentor om du er utdannet ved USN og vil dele av erfaringen din, eller "
                "som mentee om du studerer ved Handelshøyskolen."
            ),
            "faculty": hh,
            "applications_open": now - timedelta(days=10),
            "applications_close": now + timedelta(days=20),
            "starts": today + timedelta(days=30),
            "ends": today + timedelta(days=240),
            "created_by": User.objects.filter(email__iexact=COORDINATOR_HH).first(),
        },
    )
    if not created:
        return programme
    hh_education = EducationRecord.objects.filter(faculty=hh, profile__user=OuterRef("pk"))
    mentors = list(
        verified_members().filter(Exists(hh_education), mentor_profile__active=True)[
            :PROGRAMME_MENTORS
        ]
    )
    mentees = list(
        User.objects.filter(is_active=True)
        .filter(Exists(hh_education))
        .exclude(email__in=NAMED)
        .exclude(pk__in=[user.pk for user in mentors])
        .exclude(mentor_profile__isnull=False)
        .order_by("email")[:PROGRAMME_MENTEES]
    )
    applied = now - timedelta(days=5)
    ProgrammeApplication.objects.bulk_create(
        [
            ProgrammeApplication(
                programme=programme,
                user=user,
                role=ProgrammeApplication.Role.MENTOR,
                motivation=rng.choice(MENTOR_MOTIVATIONS),
                created_at=applied + timedelta(hours=n),
            )
            for n, user in enumerate(mentors)
        ]
        + [
            ProgrammeApplication(
                programme=programme,
                user=user,
                role=ProgrammeApplication.Role.MENTEE,
                motivation=rng.choice(MENTEE_MOTIVATIONS),
                created_at=applied + timedelta(hours=len(mentors) + n),
            )
            for n, user in enumerate(mentees)
        ]
    )
    matching.suggest_matches(programme)
    return programme
