"""Deciding who the demo members are, without touching the database: each member's name, address,
education, work, privacy choices and verification, drawn one after another from a stream seeded
from --seed; the graduates in the register who have not joined; and the named logins' profiles.
"""

import random
import unicodedata
from dataclasses import dataclass

from faker import Faker

from accounts.demo import MEMBERS as NAMED_LOGINS

from ..models import Visibility
from .vocabulary import (
    ABROAD,
    CAMPUS_WEIGHTS,
    CLAIM_FACULTY_WEIGHTS,
    CLAIM_MESSAGES,
    CURATED_INTERESTS,
    DOMAINS,
    EMPLOYERS,
    FACULTY_WEIGHTS,
    FIRST_DEGREE,
    FIRST_YEAR,
    FREE_INTERESTS,
    INDUSTRY_WEIGHTS,
    LAST_YEAR,
    LATER_DEGREE,
    NORWAY_CITIES,
    OTHER_LANGUAGES,
    PERSONAL_FIELDS,
    POSITIONS,
    PROGRAMME_CAMPUS,
    PROGRAMME_INDUSTRY,
    REGION_CITIES,
    SKILLS,
    VISIBILITIES,
    WORK_FIELDS,
)


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
