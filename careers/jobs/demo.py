"""Demo job postings for `manage.py seed_demo [--members N]`, called by careers/demo.py.

About 40 realistic Norwegian postings by verified demo members and the administrator: most
published, three waiting for review (one naming HH, so the HH coordinator has something in
the queue, one HS, one naming no faculty for the editors), some rejected, expired and closed.
One demo member is a trusted poster; Kari (kari.nordmann@example.no) has a job alert. At
--members ≥ 50,000, 2,000 more published postings for `manage.py bench`.

Deterministic and idempotent: a posting is known by its title and employer (the scale postings
by their numbered link) and is not made twice; dates are relative to the day the demo is built.
"""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from community.models import InterestTag, Profile
from home.models import Faculty

from ..models import JobPosting, JobStatus, SavedJobSearch, TrustedJobPoster
from .service import expiry_for

KARI = "kari.nordmann@example.no"
SCALE_MEMBERS = 50_000
SCALE_POSTINGS = 2_000
SCALE_URL = "https://jobb.example.no/demo/stilling-{:05d}"
BATCH = 500

P, W, R, E, C = (
    JobStatus.PUBLISHED,
    JobStatus.PENDING,
    JobStatus.REJECTED,
    JobStatus.EXPIRED,
    JobStatus.CLOSED,
)

# (title, employer, location, workplace, type, faculties, fields, status, days ago, deadline in
#  days (None: none), public, by the administrator, first line of the description)
POSTINGS = [
    ("Økonomirådgiver", "Sparebanken Øst", "Drammen", "hybrid", "full_time", ["HH"],
     ["Økonomi og finans"], P, 3, 30, True, False,
     "Vi søker en analytisk økonomirådgiver til vårt kontor i Drammen."),
    ("Controller", "Vestfold Energi AS", "Tønsberg", "hybrid", "full_time", ["HH"],
     ["Økonomi og finans", "Energi og klima"], P, 5, 25, True, False,
     "Bli med og styr økonomien i et selskap midt i det grønne skiftet."),
    ("Revisorassistent", "Telemark Revisjon AS", "Skien", "on_site", "full_time", ["HH"],
     ["Økonomi og finans"], P, 8, 21, True, False,
     "Nyutdannet revisor? Vi har et godt opplæringsprogram og erfarne kolleger."),
    ("Traineeprogram i bank og finans", "Sparebank 1 Sørøst-Norge", "Porsgrunn", "on_site",
     "trainee", ["HH"], ["Økonomi og finans", "Karriere"], P, 2, 45, True, False,
     "To år med rotasjon mellom kreditt, marked og analyse for nyutdannede økonomer."),
    ("Markedskoordinator", "Visit Telemark", "Bø i Telemark", "hybrid", "full_time", ["HH"],
     ["Markedsføring", "Reiseliv"], P, 10, 20, True, False,
     "Vil du fortelle verden om Telemark? Vi søker en kreativ markedskoordinator."),
    ("Sommerjobb i reiselivet", "Gaustablikk Høyfjellshotell", "Tinn", "on_site", "summer",
     ["HH"], ["Reiseliv"], P, 12, 40, True, False,
     "Sommerjobb i resepsjon og aktivitetsteam for studenter og nyutdannede."),
    ("Innovasjonsrådgiver", "Kongsberg Næringsforum", "Kongsberg", "hybrid", "full_time",
     ["HH", "TNM"], ["Innovasjon", "Entreprenørskap"], P, 4, 35, True, False,
     "Hjelp gründere og etablerte bedrifter i regionen med å utvikle nye ideer."),
    ("Prosjektleder digitalisering", "Drammen kommune", "Drammen", "hybrid", "full_time",
     ["HH", "TNM"], ["Digitalisering", "Prosjektledelse", "Offentlig sektor"], P, 6, 28, True,
     False, "Led prosjekter som gjør kommunens tjenester enklere for innbyggerne."),
    ("Sykepleier, medisinsk avdeling", "Sykehuset i Vestfold", "Tønsberg", "on_site",
     "full_time", ["HS"], ["Folkehelse"], P, 1, 30, True, False,
     "Vi søker sykepleiere til fast stilling i turnus på medisinsk avdeling."),
    ("Vernepleier i bofellesskap", "Porsgrunn kommune", "Porsgrunn", "on_site", "part_time",
     ["HS"], ["Folkehelse"], P, 9, 18, True, False,
     "Deltidsstilling i et bofellesskap for personer med utviklingshemming."),
    ("Barnevernspedagog", "Barneverntjenesten i Vestfold", "Horten", "on_site", "full_time",
     ["HS"], ["Offentlig sektor"], P, 14, 16, True, False,
     "Vi trenger en engasjert barnevernspedagog i undersøkelsesteamet."),
    ("Helsesykepleier", "Notodden kommune", "Notodden", "on_site", "full_time", ["HS"],
     ["Folkehelse", "Psykisk helse"], P, 7, 24, True, False,
     "Helsestasjon for ungdom søker helsesykepleier med hjerte for folkehelse."),
    ("Sosionom, NAV", "NAV Kongsberg", "Kongsberg", "on_site", "temporary", ["HS"],
     ["Offentlig sektor"], P, 11, 14, True, False,
     "Vikariat på ett år i oppfølging av unge arbeidssøkere."),
    ("Intensivsykepleier", "Vestre Viken HF", "Drammen", "on_site", "full_time", ["HS"],
     ["Folkehelse"], P, 3, 33, False, False,
     "Intensivavdelingen i nye Drammen sykehus søker erfarne sykepleiere."),
    ("Lærer 5.–10. trinn", "Bø skule", "Bø i Telemark", "on_site", "full_time", ["HIU"],
     ["Skole og barnehage"], P, 5, 22, True, False,
     "Vi søker lærer i matematikk og naturfag fra høsten."),
    ("Barnehagelærer", "Kanvas-barnehagen Rauland", "Rauland", "on_site", "full_time", ["HIU"],
     ["Skole og barnehage"], P, 13, 17, True, False,
     "Friluftsbarnehage med mye tid ute søker pedagogisk leder."),
    ("Idrettskonsulent", "Telemark idrettskrets", "Skien", "hybrid", "part_time", ["HIU"],
     ["Idrett", "Frivillighet"], P, 16, 14, True, False,
     "Støtt idrettslagene i Telemark med kurs, rådgivning og søknader."),
    ("Kulturformidler", "Vest-Telemark museum", "Eidsborg", "on_site", "temporary", ["HIU"],
     ["Kultur"], P, 18, 12, True, False,
     "Sesongstilling med formidling av folkekultur og handverk til besøkende."),
    ("Rådgiver, pedagogisk utvikling", "Vestfold fylkeskommune", "Tønsberg", "hybrid",
     "full_time", ["HIU"], ["Skole og barnehage", "Offentlig sektor"], P, 20, 10, True, False,
     "Bidra til utvikling av de videregående skolene i fylket."),
    ("Utviklingsingeniør elektronikk", "Kongsberg Defence & Aerospace", "Kongsberg", "on_site",
     "full_time", ["TNM"], ["Teknologi"], P, 2, 38, True, False,
     "Utvikle elektronikk for avanserte systemer i et tverrfaglig team."),
    ("Systemingeniør", "Kongsberg Maritime", "Horten", "hybrid", "full_time", ["TNM"],
     ["Teknologi", "Maritim næring"], P, 6, 26, True, False,
     "Jobb med systemintegrasjon for autonome og fjernstyrte skip."),
    ("Styrmann", "Color Line", "Sandefjord", "on_site", "full_time", ["TNM"],
     ["Maritim næring"], P, 15, 20, True, False,
     "Styrmann til fergene mellom Sandefjord og Strømstad, turnus to uker på og fire av."),
    ("Utvikler, kunstig intelligens", "Nordic AI Lab AS", "Porsgrunn", "remote", "full_time",
     ["TNM"], ["Kunstig intelligens", "Teknologi"], P, 4, 31, True, False,
     "Vi bygger språkmodeller for norske virksomheter og trenger flere utviklere."),
    ("Miljørådgiver", "Skagerak Energi", "Porsgrunn", "hybrid", "full_time", ["TNM"],
     ["Energi og klima", "Bærekraft"], P, 8, 27, True, False,
     "Følg opp miljøkrav i utbyggingsprosjekter for fornybar energi."),
    ("Sommerstudent IT-drift", "Vestfold og Telemark IKT", "Notodden", "on_site", "summer",
     ["TNM"], ["Teknologi", "Digitalisering"], P, 21, 9, True, False,
     "Åtte uker med brukerstøtte og drift for studenter i informasjonssystemer."),
    ("Internship i bærekraftsrapportering", "Grønn Vekst Rådgivning", "Oslo", "hybrid",
     "internship", ["HH", "TNM"], ["Bærekraft", "Økonomi og finans"], P, 9, 23, True, False,
     "Seks måneders internship med rapportering etter de nye bærekraftsreglene."),
    ("Kommunikasjonsrådgiver", "Universitetet i Sørøst-Norge", "Bø i Telemark", "hybrid",
     "full_time", [], ["Markedsføring"], P, 7, 29, True, True,
     "USN søker en kommunikasjonsrådgiver til fellesadministrasjonen."),
    ("Studieveileder", "Universitetet i Sørøst-Norge", "Vestfold", "on_site", "full_time",
     [], ["Karriere"], P, 3, 36, True, True,
     "Hjelp studentene våre med å velge og fullføre studiene."),
    ("Forsker i helsevitenskap", "Universitetet i Sørøst-Norge", "Drammen", "on_site",
     "temporary", ["HS"], ["Forskning", "Folkehelse"], P, 12, 25, True, True,
     "Treårig stilling i et prosjekt om eldres helse i distriktene."),
    ("Rådgiver etter- og videreutdanning", "Universitetet i Sørøst-Norge", "Ringerike",
     "hybrid", "full_time", [], ["Etter- og videreutdanning"], P, 17, 19, False, True,
     "Bygg ut tilbudet av etter- og videreutdanning sammen med fakultetene."),
    ("Deltidsjobb som kundeveileder", "Elkjøp Drammen", "Drammen", "on_site", "part_time",
     [], ["Karriere"], P, 19, None, True, False,
     "Deltid ved siden av studiene, helg og ettermiddag."),
    ("Regnskapsmedarbeider", "Revisjon Vestfold AS", "Larvik", "on_site", "full_time", ["HH"],
     ["Økonomi og finans"], W, 1, 30, True, False,
     "Vi søker regnskapsmedarbeider til et hyggelig kontor i Larvik."),
    ("Vernepleier, avlastning", "Ringerike kommune", "Hønefoss", "on_site", "part_time",
     ["HS"], ["Folkehelse"], W, 1, 25, True, False,
     "Avlastningsbolig for barn søker vernepleiere i helgestillinger."),
    ("Selger", "Rask Kapital AS", "Oslo", "remote", "full_time", [], ["Personlig økonomi"], W,
     0, 20, True, False,
     "Tjen godt på provisjon fra dag én; ingen erfaring nødvendig."),
    ("Investeringsmulighet", "Gull & Grønt AS", "Oslo", "remote", "part_time", [],
     ["Personlig økonomi"], R, 6, 20, True, False,
     "Send oss 2 000 kroner for startpakken, så er du i gang."),
    ("Regnskapsfører", "Hansen Regnskap", "Sande", "on_site", "full_time", ["HH"],
     ["Økonomi og finans"], R, 12, 15, True, False,
     "Vi søker regnskapsfører."),
    ("Lektor i norsk", "Notodden videregående skole", "Notodden", "on_site", "temporary",
     ["HIU"], ["Skole og barnehage"], E, 70, 50, True, False,
     "Vikariat i norsk for skoleåret."),
    ("Sommerjobb på ferge", "Bastø Fosen", "Horten", "on_site", "summer", ["TNM"],
     ["Maritim næring"], E, 75, None, True, False,
     "Sommerjobb som matros på fergen Moss–Horten."),
    ("Økonomisjef", "Bø Sparebank", "Bø i Telemark", "on_site", "full_time", ["HH"],
     ["Økonomi og finans", "Ledelse"], C, 40, 10, True, False,
     "Stillingen er besatt. Takk til alle søkere."),
    ("Prosjektingeniør", "Porsgrunn Bygg AS", "Porsgrunn", "on_site", "full_time", ["TNM"],
     ["Prosjektledelse", "Teknologi"], C, 30, 5, True, False,
     "Prosjektingeniør til byggeprosjekter i Grenland."),
]  # fmt: skip

WE_OFFER = [
    "Vi tilbyr et godt arbeidsmiljø, fleksibel arbeidstid og gode pensjonsordninger.",
    "Du får en fadder det første året og faglig utvikling gjennom kurs og videreutdanning.",
    "Lønn etter avtale. Tiltredelse etter avtale.",
    "Vi ønsker søkere med ulik bakgrunn og oppfordrer alle kvalifiserte til å søke.",
]
WE_WANT = [
    "Vi ser etter deg som har relevant utdanning fra universitet eller høgskole.",
    "Du er nysgjerrig, tar ansvar og liker å samarbeide.",
    "Erfaring er en fordel, men nyutdannede oppfordres også til å søke.",
    "Du skriver og snakker godt norsk og engelsk.",
]
REJECT_NOTES = [
    "Stillingen ser ut til å kreve betaling fra søkerne. Slike annonser publiserer vi ikke.",
    "Beskrivelsen er for kort til at søkerne forstår hva jobben er. Skriv litt mer og send inn "
    "på nytt.",
]


def describe(first_line: str, rng: random.Random) -> str:
    return "\n\n".join(
        [first_line, " ".join(rng.sample(WE_WANT, 2)), " ".join(rng.sample(WE_OFFER, 2))]
    )


def apply_link(title: str, employer: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in f"{employer}-{title}".lower())
    return f"https://jobb.example.no/{'-'.join(filter(None, slug.split('-')))[:80]}"


def posters_for(context):
    """Verified demo members who post jobs (not Kari, who has her own), by id."""
    profiles = (
        Profile.objects.filter(is_verified=True, user__is_active=True)
        .exclude(user__email__iexact=KARI)
        .order_by("pk")
        .values_list("user_id", flat=True)[:12]
    )
    return list(User.objects.filter(pk__in=list(profiles)).order_by("pk"))


def build(context):
    rng = random.Random(context.seed + 7)
    now = timezone.now()
    admin = context.shared.get("admin") or User.objects.filter(is_superuser=True).first()
    kari = User.objects.filter(email__iexact=KARI).first()
    posters = posters_for(context) or [user for user in (kari, admin) if user]
    if not posters:
        context.say("Job board: no demo members to post jobs; skipped.")
        return
    faculties = {faculty.code: faculty for faculty in Faculty.objects.all()}
    fields = {tag.name: tag for tag in InterestTag.objects.filter(curated=True)}
    existing = set(JobPosting.objects.values_list("title", "employer"))

    made = 0
    for index, row in enumerate(POSTINGS):
        (title, employer, place, workplace, job_type, faculty_codes, field_names, status,
         days_ago, deadline_days, public, by_admin, first_line) = row  # fmt: skip
        description = describe(first_line, rng)  # drawn for every row: the same text each run
        if (title, employer) in existing:
            continue
        poster = admin if by_admin and admin else posters[index % len(posters)]
        created = now - timedelta(days=days_ago, hours=rng.randint(1, 8))
        deadline = (now + timedelta(days=deadline_days)).date() if deadline_days else None
        posting = JobPosting(
            title=title,
            employer=employer,
            location=place,
            workplace=workplace,
            job_type=job_type,
            description=description,
            deadline=deadline if status != JobStatus.EXPIRED else None,
            apply_url=apply_link(title, employer) if index % 4 else "",
            apply_email="" if index % 4 else f"jobb{index}@arbeidsgiver.example.no",
            visible_to_visitors=public,
            posted_by=poster,
            status=status,
            created_at=created,
        )
        if status in (JobStatus.PUBLISHED, JobStatus.EXPIRED, JobStatus.CLOSED):
            posting.published_at = created
            posting.expires_at = expiry_for(created, posting.deadline)
            if status == JobStatus.PUBLISHED and not by_admin:
                posting.reviewed_by, posting.reviewed_at = admin, created
            if status == JobStatus.EXPIRED:
                posting.expiry_notice_sent_at = posting.expires_at - timedelta(days=3)
        if status == JobStatus.REJECTED:
            posting.reviewed_by, posting.reviewed_at = admin, created + timedelta(hours=5)
            posting.review_note = REJECT_NOTES[made % len(REJECT_NOTES)]
        posting.save()
        posting.faculties.set([faculties[code] for code in faculty_codes if code in faculties])
        posting.topics.set([fields[name] for name in field_names if name in fields])
        made += 1

    trusted_user = posters[0]
    if admin and trusted_user != admin:
        TrustedJobPoster.objects.get_or_create(
            user=trusted_user,
            defaults={"granted_by": admin, "note": "Fast samarbeidspartner for HH"},
        )
    if kari and not SavedJobSearch.objects.filter(user=kari).exists():
        hh = faculties.get("HH")
        SavedJobSearch.objects.create(
            user=kari,
            name="Økonomijobber for HH-alumni",
            query={"q": "økonomi", **({"faculty": hh.pk} if hh else {})},
            last_notified_published_at=now,
        )
    scale = 0
    if context.options.get("members", 0) >= SCALE_MEMBERS:
        scale = build_scale(context, posters, faculties, list(fields.values()), now)
    context.say(f"Job board: {made} postings, {scale} more for the benchmark.")


SCALE_TITLES = [
    "Rådgiver", "Seniorrådgiver", "Konsulent", "Prosjektleder", "Controller", "Økonomimedarbeider",
    "Sykepleier", "Vernepleier", "Lærer", "Barnehagelærer", "Ingeniør", "Utvikler",
    "Markedsrådgiver", "Salgskonsulent", "Daglig leder", "Avdelingsleder", "Analytiker",
    "Kundeveileder", "Trainee", "Sommervikar",
]  # fmt: skip
SCALE_EMPLOYERS = [
    "Vestfold Energi AS", "Drammen kommune", "Skien kommune", "Kongsberg Gruppen", "Telenor",
    "Sykehuset Telemark", "Sparebank 1 Sørøst-Norge", "Yara Porsgrunn", "Statens vegvesen",
    "Color Line", "Bane NOR", "Equinor", "DNB", "Vestre Viken HF", "Notodden kommune",
]  # fmt: skip
SCALE_PLACES = [
    "Bø", "Drammen", "Kongsberg", "Notodden", "Porsgrunn", "Rauland", "Hønefoss", "Tønsberg",
    "Skien", "Larvik", "Oslo", "",
]  # fmt: skip
SCALE_TYPES = ["full_time"] * 5 + ["part_time", "temporary", "internship", "trainee", "summer"]
SCALE_WORKPLACES = ["on_site"] * 3 + ["hybrid"] * 2 + ["remote"]


def build_scale(context, posters, faculties, fields, now) -> int:
    """2,000 published postings for `manage.py bench`, missing ones only, in bulk."""
    rng = random.Random(context.seed + 2000)
    planned = []
    for i in range(SCALE_POSTINGS):
        title = rng.choice(SCALE_TITLES)
        employer = rng.choice(SCALE_EMPLOYERS)
        created = now - timedelta(minutes=rng.randint(60, 55 * 24 * 60))
        deadline = (created + timedelta(days=rng.randint(58, 120))).date()
        planned.append(
            (
                SCALE_URL.format(i),
                JobPosting(
                    title=f"{title} ({i + 1})",
                    employer=employer,
                    location=rng.choice(SCALE_PLACES),
                    workplace=rng.choice(SCALE_WORKPLACES),
                    job_type=rng.choice(SCALE_TYPES),
                    description=describe(
                        f"{employer} søker {title.lower()} til et spennende team.", rng
                    ),
                    deadline=deadline,
                    apply_url=SCALE_URL.format(i),
                    visible_to_visitors=rng.random() < 0.8,
                    posted_by=posters[i % len(posters)],
                    status=JobStatus.PUBLISHED,
                    created_at=created,
                    published_at=created,
                    expires_at=expiry_for(created, deadline),
                ),
                rng.sample(fields, k=min(len(fields), rng.randint(1, 2))),
                rng.choice(list(faculties.values())) if faculties else None,
            )
        )
    have = set(
        JobPosting.objects.filter(apply_url__startswith=SCALE_URL[:-13]).values_list(
            "apply_url", flat=True
        )
    )
    missing = [plan for plan in planned if plan[0] not in have]
    topic_through = JobPosting.topics.through
    faculty_through = JobPosting.faculties.through
    for start in range(0, len(missing), BATCH):
        batch = missing[start : start + BATCH]
        created = JobPosting.objects.bulk_create([plan[1] for plan in batch])
        topic_through.objects.bulk_create(
            [
                topic_through(jobposting_id=posting.pk, interesttag_id=tag.pk)
                for posting, plan in zip(created, batch, strict=True)
                for tag in plan[2]
            ]
        )
        faculty_through.objects.bulk_create(
            [
                faculty_through(jobposting_id=posting.pk, faculty_id=plan[3].pk)
                for posting, plan in zip(created, batch, strict=True)
                if plan[3] is not None
            ]
        )
    return len(missing)
