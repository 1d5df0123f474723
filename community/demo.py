"""Demo members for `manage.py seed_demo [--members N]` (docs/demo-data.md).

Builds N realistic members in bulk: Norwegian names, USN education, jobs, interests, privacy
choices, verification from the graduate register, pending claims for the coordinators, graduates
who have not joined yet, and the directory's search index; plus full profiles for the two named
demo logins and verified addresses for every demo login (allauth requires one to log in).

Deterministic and idempotent: the planner draws from its own random streams seeded from --seed
(not the shared ones, whose position depends on what earlier builders did) and always plans
members 0..N-1 in order, so member i is the same for any N; members whose address exists are
skipped. A second run adds nothing, a larger N adds only the missing members.

Fast (100,000 members in well under the 3 minutes of DESIGN.md §7, docs/demo-data.md): rows go
in with plain INSERTs (insert_rows, insert_objects), which send no signals, so no per-object
profile or search-index task fires; the directory's search index is filled per chunk through
the search backend's bulk path, as `update_index` does.
"""

import itertools
import random
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connections, models, router
from django.db.models import Max
from django.utils import timezone

from modelcluster.queryset import FakeQuerySet
from wagtail.search.backends import get_search_backends

from allauth.account.models import EmailAddress
from faker import Faker

from accounts.demo import MEMBERS as NAMED_LOGINS
from accounts.models import User
from home.models import Campus, Faculty, Programme

from .members import ensure_profile
from .models import (
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
    Visibility,
)


def table(text: str) -> dict:
    """A vocabulary table: 'key: item; item' per line; an indented line continues the last key."""
    rows, key = {}, None
    for line in text.strip("\n").splitlines():
        if not line.startswith(" "):
            key, line = line.split(":", 1)
        rows.setdefault(key, []).extend(item.strip() for item in line.split(";") if item.strip())
    return rows


def weights(items) -> dict:
    """'Drammen=10' items as {'Drammen': 10}."""
    return {name: float(weight) for name, weight in (item.split("=") for item in items)}


CHUNK = 2000
FIRST_YEAR, LAST_YEAR = 1995, 2026
# Student numbers: members from 100000 on, in order (at most two each), graduates who have not
# joined 700000 + i, the named demo members 9000xx.
MAX_MEMBERS = 300_000
DOMAINS = ["example.no"] * 7 + ["example.com"] * 3
DEGREES = {
    "bachelor": "Bachelorgrad",
    "master": "Mastergrad",
    "one_year": "Årsstudium",
    "continuing": "Erfaringsbasert mastergrad",
    "phd": "Philosophiae doctor (ph.d.)",
}
FIRST_DEGREE = {"bachelor": 10, "master": 4, "one_year": 2, "continuing": 1, "phd": 0.3}
LATER_DEGREE = {"master": 6, "one_year": 2, "continuing": 2, "phd": 1}
FACULTY_WEIGHTS = {"HH": 27, "HS": 28, "HIU": 25, "TNM": 20}
# The pilot faculty gets the longest queue of claims, so its coordinator has work to show.
CLAIM_FACULTY_WEIGHTS = {"HH": 45, "HS": 20, "HIU": 15, "TNM": 20}

_PLACES = table("""
HH: Bø=2; Drammen=3; Ringerike=2; Vestfold=3
HS: Drammen=3; Porsgrunn=3; Vestfold=3; Kongsberg=1
HIU: Bø=2; Drammen=2; Notodden=2; Porsgrunn=1; Rauland=1; Vestfold=2
TNM: Bø=2; Kongsberg=3; Porsgrunn=3; Vestfold=2
region: Drammen=10; Tønsberg=7; Skien=7; Porsgrunn=6; Kongsberg=6; Sandefjord=5; Larvik=4;
  Horten=4; Hønefoss=4; Notodden=3; Lier=3; Bø i Telemark=2; Holmestrand=2; Kragerø=1; Rjukan=1
norway: Oslo=8; Bærum=2; Asker=2; Bergen=2; Trondheim=2; Stavanger=2; Kristiansand=2; Tromsø=1
abroad: Stockholm=SE; Göteborg=SE; København=DK; London=GB; Aberdeen=GB; Berlin=DE;
  Rotterdam=NL; Houston=US; Singapore=SG
""")
CAMPUS_WEIGHTS = {code: weights(_PLACES[code]) for code in FACULTY_WEIGHTS}
REGION_CITIES = weights(_PLACES["region"])
NORWAY_CITIES = weights(_PLACES["norway"])
ABROAD = [tuple(item.split("=")) for item in _PLACES["abroad"]]
# Programmes taught at one campus, and the industry most of their graduates go into.
PROGRAMME_CAMPUS = {"BFK": "Rauland", "BNA": "Vestfold", "BID": "Bø", "BNF": "Bø", "BRL": "Bø"}
PROGRAMME_CAMPUS |= {"MMN": "Vestfold", "MSE": "Kongsberg"}
PROGRAMME_INDUSTRY = {"BRR": "accounting", "MRR": "accounting", "BRL": "hospitality"}
PROGRAMME_INDUSTRY |= {"BNA": "maritime", "BID": "sport", "BFK": "arts", "BIT": "it"}
INDUSTRY_WEIGHTS = {
    code: weights(items)
    for code, items in table("""
HH: banking=4; accounting=4; consulting=3; retail=3; public=3; hospitality=2; it=2; energy=1; ngo=1
HS: health=8; social=5; public=3; ngo=1; education=1
HIU: education=8; sport=2; arts=2; public=2; ngo=1; hospitality=1
TNM: manufacturing=4; it=4; energy=3; maritime=2; construction=2; consulting=2; transport=1;
  public=1
""").items()
}

# About 80 employers by industry; "name @ city" when the employer is in one place.
EMPLOYERS = {
    industry: [tuple(item.split(" @ ")) if " @ " in item else (item, None) for item in items]
    for industry, items in table("""
banking: DNB; SpareBank 1 Sør-Norge; Sparebanken Øst @ Drammen; Skagerrak Sparebank @ Porsgrunn;
  SpareBank 1 Ringerike Hadeland @ Hønefoss; Gjensidige @ Oslo; Storebrand @ Oslo; Nordea @ Oslo
accounting: PwC; EY; KPMG; Deloitte; BDO; Azets
consulting: Sopra Steria; Capgemini; Bouvet; Norconsult; Multiconsult; Accenture @ Oslo
it: Telenor @ Bærum; Visma; Tietoevry; Atea; Kongsberg Digital @ Kongsberg; Knowit
energy: Equinor; Skagerak Energi @ Porsgrunn; Statkraft @ Oslo; Glitre Nett @ Drammen;
  Lede; Aker BP
manufacturing: Kongsberg Gruppen @ Kongsberg; Kongsberg Automotive @ Kongsberg;
  TechnipFMC @ Kongsberg; Yara @ Porsgrunn; Hydro @ Porsgrunn; Jotun @ Sandefjord
maritime: Kongsberg Maritime @ Horten; DNV @ Bærum; Wilhelmsen @ Bærum; Color Line @ Larvik;
  Fjord Line; Kystverket
health: Sykehuset i Vestfold @ Tønsberg; Sykehuset Telemark @ Skien; Vestre Viken @ Drammen;
  Oslo universitetssykehus @ Oslo; Lovisenberg Diakonale Sykehus @ Oslo; Aleris
social: NAV; Bufetat; Stendi; Barne-, ungdoms- og familiedirektoratet @ Oslo
public: Drammen kommune @ Drammen; Kongsberg kommune @ Kongsberg; Porsgrunn kommune @ Porsgrunn;
  Skien kommune @ Skien; Tønsberg kommune @ Tønsberg; Sandefjord kommune @ Sandefjord;
  Ringerike kommune @ Hønefoss; Notodden kommune @ Notodden; Midt-Telemark kommune @ Bø i Telemark;
  Vestfold fylkeskommune @ Tønsberg; Telemark fylkeskommune @ Skien;
  Buskerud fylkeskommune @ Drammen; Skatteetaten; Statens vegvesen;
  Statsforvalteren i Vestfold og Telemark @ Tønsberg
education: Universitetet i Sørøst-Norge; Universitetet i Oslo @ Oslo;
  Drammen videregående skole @ Drammen; Skien videregående skole @ Skien;
  Greveskogen videregående skole @ Tønsberg; Kongsberg videregående skole @ Kongsberg;
  Espira; Kanvas
sport: Norges idrettsforbund @ Oslo; Olympiatoppen @ Oslo; SATS; Strømsgodset IF @ Drammen;
  Odds Ballklubb @ Skien
hospitality: Visit Telemark; Thon Hotels; Scandic Hotels; Bø Sommarland @ Bø i Telemark;
  Gaustablikk Høyfjellshotell @ Rjukan
retail: NorgesGruppen; Coop Norge; Rema 1000; Elkjøp; XXL; Kid Interiør @ Lier
arts: NRK; Drammens Tidende @ Drammen; Varden @ Skien; Tønsbergs Blad @ Tønsberg;
  Telemark Museum @ Skien
transport: Posten Bring; Vy; Avinor; Larvik Havn @ Larvik; Sandefjord lufthavn Torp @ Sandefjord
construction: Veidekke; AF Gruppen; Skanska; Statsbygg
ngo: Røde Kors; Kirkens Bymisjon; Redd Barna @ Oslo; Norsk Folkehjelp @ Oslo
""").items()
}
POSITIONS = table("""
banking: Rådgiver; Kunderådgiver; Bedriftsrådgiver; Finansanalytiker; Banksjef
accounting: Revisor; Senior revisor; Statsautorisert revisor; Regnskapsfører; Skatterådgiver
consulting: Konsulent; Seniorkonsulent; Prosjektleder; Manager; Partner
it: Systemutvikler; IT-konsulent; Produkteier; Løsningsarkitekt; Dataanalytiker
energy: Ingeniør; Prosjektingeniør; Driftsingeniør; Analytiker; HMS-rådgiver
manufacturing: Maskiningeniør; Systemingeniør; Elektroingeniør; Produksjonsleder; Kvalitetsingeniør
maritime: Styrmann; Overstyrmann; Kaptein; Skipsinspektør; Maritim rådgiver
health: Sykepleier; Intensivsykepleier; Helsesykepleier; Fagutviklingssykepleier; Avdelingsleder
social: Barnevernspedagog; Vernepleier; Sosionom; Miljøterapeut; Saksbehandler
public: Rådgiver; Seniorrådgiver; Saksbehandler; Enhetsleder; Økonomisjef
education: Lærer; Lektor; Barnehagelærer; Rektor; Universitetslektor; Stipendiat
sport: Trener; Idrettskonsulent; Personlig trener; Daglig leder
hospitality: Hotelldirektør; Salgssjef; Markedssjef; Destinasjonsutvikler
retail: Butikksjef; Kategorisjef; Innkjøpssjef; Regionsjef
arts: Journalist; Redaktør; Kommunikasjonsrådgiver; Formidler
transport: Logistikkleder; Planlegger; Driftsleder; Innkjøper
construction: Prosjektleder; Byggeleder; Anleggsleder; Kalkulatør
ngo: Rådgiver; Prosjektkoordinator; Frivillighetskoordinator; Daglig leder
""")
SKILLS = table("""
banking: Finansiell analyse; Kredittvurdering; Kundebehandling; Risikostyring
accounting: Revisjon; Regnskap; IFRS; Skatterett; Excel
consulting: Endringsledelse; Prosessforbedring; Forretningsutvikling; Power BI
it: Python; Java; Skytjenester; Smidig utvikling; Databaser; Maskinlæring
energy: Fornybar energi; Kraftsystemer; HMS; Prosjektstyring
manufacturing: CAD; Automasjon; Lean; Systems engineering; Kvalitetsledelse
maritime: Navigasjon; Sikkerhetsstyring; Skipsdrift; Maritim logistikk
health: Klinisk sykepleie; Legemiddelhåndtering; Veiledning; Folkehelse
social: Barnevern; Motiverende intervju; Miljøterapi; Saksbehandling
public: Offentlige anskaffelser; Forvaltningsrett; Saksbehandling; Budsjettering
education: Pedagogikk; Klasseledelse; Veiledning; Digitale læremidler
sport: Treningslære; Coaching; Idrettsledelse
hospitality: Destinasjonsutvikling; Markedsføring; Salg; Arrangementsledelse
retail: Salg; Kategoristyring; Innkjøp; Markedsføring
arts: Skriving; Formidling; Foto; Sosiale medier
transport: Logistikk; Innkjøp; Lean
construction: Prosjektstyring; BIM; HMS; Kalkulasjon
ngo: Frivillighetsledelse; Prosjektstyring; Kommunikasjon
general: Prosjektledelse; Kommunikasjon; Ledelse; Excel; Engelsk; Tysk; Økonomistyring
""")
# The editors' vocabulary, offered to every member, and a few interests members added themselves.
_INTERESTS = table("""
curated: Bærekraft; Digitalisering; Entreprenørskap; Etter- og videreutdanning; Folkehelse;
  Forskning; Friluftsliv; Frivillighet; Idrett; Innovasjon; Internasjonalt arbeid; Karriere;
  Kultur; Kunstig intelligens; Ledelse; Likestilling og mangfold; Markedsføring; Maritim næring;
  Mentorordninger; Nettverksbygging; Offentlig sektor; Personlig økonomi; Prosjektledelse;
  Psykisk helse; Reiseliv; Samfunnsansvar; Skole og barnehage; Teknologi; Økonomi og finans;
  Energi og klima
free: Fluefiske; Vinterbading; Korsang; Langrenn; Brettspill; Seiling; Fotografering; Strikking
""")
CURATED_INTERESTS, FREE_INTERESTS = _INTERESTS["curated"], _INTERESTS["free"]
VISIBILITIES = list(Visibility)
OTHER_LANGUAGES = ["sv", "da", "de", "fr", "es", "pl", "lt", "ar", "so", "uk", "zh"]
WORK_FIELDS = ["work_visibility", "industry_visibility", "location_visibility"]
PERSONAL_FIELDS = ["bio_visibility", "skills_visibility", "interests_visibility"]
PERSONAL_FIELDS += ["links_visibility", "languages_visibility"]
CLAIM_MESSAGES = [
    "",
    "Jeg studerte ved Høgskolen i Buskerud og Vestfold før sammenslåingen.",
    "Jeg har byttet e-postadresse siden jeg var student.",
    "Vitnemålet står på mitt tidligere etternavn.",
    "Jeg tok studiet på deltid ved siden av jobb.",
]


def pick(rng, choices: dict):
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def email_local_part(*names) -> str:
    text = ".".join(names).lower()
    for letter, plain in (("æ", "ae"), ("ø", "o"), ("å", "a"), (" ", ".")):
        text = text.replace(letter, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in text if c.isalnum() or c in ".-")


class EmailAddresses:
    """Addresses from names with a counter (kari.berg, kari.berg2, ...) at example domains only.
    Reserved addresses (the named demo logins) count as given out."""

    def __init__(self, reserved=()):
        self.counts = {address.split("@")[0]: 1 for address in reserved}

    def next(self, local: str, domain: str) -> str:
        count = self.counts.get(local, 0) + 1
        self.counts[local] = count
        return f"{local}{count if count > 1 else ''}@{domain}"


@dataclass
class Education:
    faculty: str
    programme: str
    campus: str
    year: int
    month: int = 6


@dataclass
class PlannedMember:
    first_name: str
    last_name: str
    email: str
    status: str  # "verified", "pending" (a claim waits) or "unverified"
    education: list
    profile: dict
    skills: list
    interests: list
    joined_days_ago: int
    confirmed_days_ago: int
    language: str = "nb"
    link: str = ""
    claim_message: str = ""
    claim_student_number: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class MemberPlanner:
    """Draws members one after another from the demo seed; member i is the same for any N."""

    def __init__(self, seed: int, programmes: dict):
        self.rng = random.Random(f"{seed}:community.members")
        self.fake = Faker("no_NO")
        self.fake.seed_instance(f"{seed}:community.members")
        self.emails = EmailAddresses(login[0] for login in NAMED_LOGINS)
        self.programmes = programmes  # {faculty code: [Programme, ...]}, sorted by code
        self.years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.year_weights = [year - 1990 for year in self.years]  # recent years weigh more

    def name(self) -> tuple[str, str]:
        rng, fake = self.rng, self.fake
        given = fake.first_name_female if rng.random() < 0.55 else fake.first_name_male
        first = given()
        if rng.random() < 0.12:
            first += " " + given()
        return first, fake.last_name()

    def programme(self, faculty: str, levels: dict):
        options = [p for p in self.programmes[faculty] if p.degree_level in levels]
        return self.rng.choices(options, weights=[levels[p.degree_level] for p in options])[0]

    def education(self, faculty: str) -> list[Education]:
        rng = self.rng
        year = rng.choices(self.years, weights=self.year_weights)[0]
        records = [(self.programme(faculty, FIRST_DEGREE), year)]
        if rng.random() < 0.25:  # a second degree, sometimes an executive master at HH
            later = self.programme("HH" if rng.random() < 0.15 else faculty, LATER_DEGREE)
            year = min(year, LAST_YEAR - 3)
            records = [(records[0][0], year), (later, year + rng.randint(2, 3))]
        result = []
        for programme, year in records:
            code = programme.faculty.code
            campus = PROGRAMME_CAMPUS.get(programme.code) or pick(rng, CAMPUS_WEIGHTS[code])
            month = 12 if year < LAST_YEAR and rng.random() < 0.2 else 6
            result.append(Education(code, programme.code, campus, year, month))
        return result

    def work(self, latest: Education) -> dict:
        rng = self.rng
        if (latest.year >= LAST_YEAR - 1 and rng.random() < 0.4) or rng.random() < 0.06:
            return {}  # just graduated, between jobs or retired
        industry = PROGRAMME_INDUSTRY.get(latest.programme) if rng.random() < 0.6 else None
        industry = industry or pick(rng, INDUSTRY_WEIGHTS[latest.faculty])
        employer, employer_city = rng.choice(EMPLOYERS[industry])
        where = rng.random()
        if where < 0.04:
            city, country = rng.choice(ABROAD)
        elif employer_city and where < (0.8 if employer_city in REGION_CITIES else 0.45):
            city, country = employer_city, "NO"  # outside the region, many commute from it
        else:
            city, country = pick(rng, REGION_CITIES if where < 0.85 else NORWAY_CITIES), "NO"
        position = rng.choice(POSITIONS[industry])
        return dict(industry=industry, employer=employer, current_position=position, city=city,
                    country=country)  # fmt: skip

    def visibility(self) -> dict:
        rng = self.rng
        style = rng.random()
        if style < 0.45:  # open: every verified member sees the professional parts
            values = dict.fromkeys(WORK_FIELDS + PERSONAL_FIELDS, Visibility.MEMBERS)
            values["links_visibility"] = rng.choice([Visibility.MEMBERS, Visibility.PRIVATE])
        elif style < 0.65:  # work and location for fellow alumni of my faculty only
            values = dict.fromkeys(WORK_FIELDS, Visibility.FACULTY)
            values |= {name: rng.choice(VISIBILITIES) for name in PERSONAL_FIELDS}
        else:  # cautious: field by field, many left at 'only me'
            values = {
                name: rng.choices(VISIBILITIES, weights=[4, 2, 4])[0]
                for name in WORK_FIELDS + PERSONAL_FIELDS
            }
        if rng.random() < 0.1:
            values["education_visibility"] = Visibility.FACULTY
        return values

    def member(self) -> PlannedMember:
        """The next member of the stream."""
        rng = self.rng
        first, last = self.name()
        email = self.emails.next(email_local_part(first, last), rng.choice(DOMAINS))
        roll = rng.random()
        status = "verified" if roll < 0.70 else "pending" if roll < 0.75 else "unverified"
        faculty = pick(rng, CLAIM_FACULTY_WEIGHTS if status == "pending" else FACULTY_WEIGHTS)
        education = self.education(faculty)
        work = self.work(education[-1])
        industry = work.get("industry") or pick(rng, INDUSTRY_WEIGHTS[education[-1].faculty])
        skills = rng.sample(SKILLS[industry], k=rng.randint(1, 3))
        skills += [s for s in rng.sample(SKILLS["general"], k=rng.randint(0, 2)) if s not in skills]
        interests = rng.sample(CURATED_INTERESTS, k=rng.randint(0, 4))
        if rng.random() < 0.1:
            interests.append(rng.choice(FREE_INTERESTS))
        languages = ["nb"] + (["en"] if rng.random() < 0.85 else [])
        if rng.random() < 0.12:
            languages.append(rng.choice(OTHER_LANGUAGES))
        visibility = self.visibility()
        # Members who hide their employer do not name it in the headline or bio either.
        shown = work if visibility["work_visibility"] == Visibility.MEMBERS else {}
        profile = {
            **work,
            **visibility,
            "display_name": f"{first} {last}",
            "headline": headline(rng, work, shown, education[-1]),
            "bio": biography(education[-1], shown, interests) if rng.random() < 0.35 else "",
            "languages": languages,
            "listed_in_directory": rng.random() < (0.8 if status == "verified" else 0.15),
            "open_to_mentoring": status == "verified"
            and education[0].year <= 2021
            and rng.random() < 0.3,
            "is_verified": status == "verified",
        }
        joined = rng.randint(0, 900)
        member = PlannedMember(
            first, last, email, status, education, profile, skills, interests,
            joined_days_ago=joined, confirmed_days_ago=rng.randint(0, joined),
        )  # fmt: skip
        if rng.random() < (0.5 if work.get("country", "NO") != "NO" else 0.04):
            member.language = "en"
        if rng.random() < 0.12:
            member.link = f"https://{email_local_part(first, last)}.example.com/"
        if status == "pending":
            member.claim_student_number = rng.random() < 0.5
            member.claim_message = rng.choice(CLAIM_MESSAGES)
        return member


def headline(rng, work: dict, shown: dict, latest: Education) -> str:
    if work and rng.random() < 0.8:
        if shown:
            return f"{work['current_position']} i {work['employer']}"[:120]
        return work["current_position"]
    return "Nyutdannet fra USN" if latest.year >= LAST_YEAR - 1 else ""


def biography(latest: Education, work: dict, interests: list) -> str:
    text = f"Utdannet ved USN {latest.campus} i {latest.year}."
    if work:
        text += f" Jobber som {work['current_position'].lower()} i {work['employer']}."
    if interests:
        text += f" Opptatt av {', '.join(name.lower() for name in interests[:3])}."
    return text


def plan_graduates(seed: int, count: int, programmes: dict):
    """Graduates in the register who have not joined: their own stream and address space
    (first_last@...), so their number grows with N without changing any member."""
    rng = random.Random(f"{seed}:community.graduates")
    fake = Faker("no_NO")
    fake.seed_instance(f"{seed}:community.graduates")
    emails = EmailAddresses()
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    for index in range(count):
        first, last = fake.first_name(), fake.last_name()
        programme = rng.choice(programmes[pick(rng, FACULTY_WEIGHTS)])
        year = rng.choices(years, weights=[year - 1990 for year in years])[0]
        email = ""
        if rng.random() < 0.7:
            local = email_local_part(first, last).replace(".", "_")
            email = emails.next(local, rng.choice(DOMAINS))
        record = Education(programme.faculty.code, programme.code, "", year)
        yield str(700000 + index), f"{first} {last}", email, record


# The named demo logins (accounts/demo.py): Kari, a verified HH alumna who mentors, and Ola, whose
# claim waits for the HH coordinator (and who is in the register under an old address).
NAMED_PROFILES = {
    "kari.nordmann@example.no": {
        "status": "verified",
        "education": [
            Education("HH", "BØA", "Drammen", 2013),
            Education("HH", "MØA", "Drammen", 2015),
        ],
        "student_numbers": ["900001", "900002"],
        "skills": ["Økonomistyring", "Budsjettering", "Ledelse", "Power BI"],
        "interests": ["Ledelse", "Bærekraft", "Mentorordninger", "Økonomi og finans"],
        "profile": {
            "headline": "Økonomisjef i Sparebanken Øst",
            "bio": "Master i økonomi og administrasjon fra USN i Drammen (2015). Leder "
            "økonomiavdelingen i Sparebanken Øst og tar gjerne en prat med ferske økonomer.",
            "current_position": "Økonomisjef",
            "employer": "Sparebanken Øst",
            "industry": "banking",
            "city": "Drammen",
            "country": "NO",
            "languages": ["nb", "en"],
            "listed_in_directory": True,
            "open_to_mentoring": True,
            **dict.fromkeys(WORK_FIELDS + PERSONAL_FIELDS, Visibility.MEMBERS),
        },
    },
    "ola.hansen@example.no": {
        "status": "pending",
        "education": [Education("HH", "BØA", "Vestfold", 2019)],
        "student_numbers": ["900003"],
        "claim_message": "Jeg har byttet e-postadresse siden jeg var student i Vestfold.",
        "skills": ["Saksbehandling", "Excel"],
        "interests": ["Offentlig sektor", "Digitalisering", "Langrenn"],
        "profile": {
            "headline": "Rådgiver i Skatteetaten",
            "current_position": "Rådgiver",
            "employer": "Skatteetaten",
            "industry": "public",
            "city": "Tønsberg",
            "country": "NO",
            "languages": ["nb", "en"],
            "listed_in_directory": True,
            **dict.fromkeys(WORK_FIELDS, Visibility.MEMBERS),
        },
    },
}


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """INSERT plain value tuples with one executemany. At 100,000 members (about ten rows
    each) bulk_create's per-row work (a model instance, each value prepared and placed in the SQL
    one at a time) would take more than the whole time budget; this takes a fraction.

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
    marks = ", ".join(["%s"] * (len(given) + len(rest)))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    # executemany: SQLite steps one prepared statement in C (also with DEBUG's query log on),
    # psycopg pipelines the rows.
    with connection.cursor() as cursor:
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
GRADUATE_COLUMNS = ["student_number", "full_name", "email", "faculty_id", "programme_id",
                    "programme_name", "degree", "graduation_date", "matched_user_id",
                    "updated_at"]  # fmt: skip
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
        return (number, name, email, self.faculties[record.faculty], programme.pk,
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
    insert_rows(GraduateRecord, GRADUATE_COLUMNS, graduates)
    rows.insert_tags(profiles)
    VerificationClaim.objects.bulk_create(claims)
    ProfileLink.objects.bulk_create(links)
    return profiles


def index_profiles(profiles: list[Profile]) -> None:
    """Add profiles to every auto-updated search backend in one bulk call per chunk, as
    `update_index` does. members_search_text() reads the tags: the profiles hold them already
    (write_members, profiles_for_index), so no profile costs a query."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Profile, profiles)


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


def build(context):
    count = context.options.get("members", 300)
    if not 0 <= count <= MAX_MEMBERS:
        raise CommandError(f"--members must be between 0 and {MAX_MEMBERS:,}.")
    started = time.monotonic()
    rows = Rows()
    ensure_login_addresses(context)
    named = [
        complete_named_member(user, NAMED_PROFILES[user.email.lower()], rows)
        for user in context.shared.get("demo_members", [])
        if user.email.lower() in NAMED_PROFILES
    ]
    index_profiles(profiles_for_index([pk for pk in named if pk]))

    existing = {email.lower() for email in User.objects.values_list("email", flat=True)}
    planner = MemberPlanner(context.seed, rows.by_faculty)
    password = make_password(None)  # one unusable hash for all; hashing each would take hours
    created = 0
    for start in range(0, count, CHUNK):
        planned = [planner.member() for _ in range(start, min(count, start + CHUNK))]
        new = [member for member in planned if member.email not in existing]
        if not new:
            continue
        index_profiles(write_members(new, rows, password))
        created += len(new)
        done = min(count, start + CHUNK)
        if done % 10_000 == 0 or done == count:
            elapsed = time.monotonic() - started
            context.say(f"  members: {done:,} of {count:,}, {created:,} new ({elapsed:.0f} s)")

    taken = set(GraduateRecord.objects.values_list("student_number", flat=True))
    graduates = plan_graduates(context.seed, count // 10, rows.by_faculty)
    insert_rows(
        GraduateRecord,
        GRADUATE_COLUMNS,
        [rows.graduate(*graduate) for graduate in graduates if graduate[0] not in taken],
    )
    profiles = Profile.objects.all()
    context.say(
        f"  members: {profiles.count():,} profiles, "
        f"{profiles.filter(is_verified=True).count():,} verified, "
        f"{profiles.listed().count():,} in the directory, "
        f"{VerificationClaim.objects.filter(status='pending').count():,} claims waiting, "
        f"{GraduateRecord.objects.filter(matched_user=None).count():,} graduates not joined "
        f"({time.monotonic() - started:.0f} s)"
    )
