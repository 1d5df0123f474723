"""The words and dates of the demo content, in Norwegian bokmål and English."""

import datetime

from ..models.pages import NewsKind

THANKS_NB = "Takk! Vi svarer så snart vi kan."
THANKS_EN = "Thank you! We will reply soon."

NEWS_NB = [
    # (slug, title, kind, date, intro, tags, image key)
    (
        "alumnidagen-2026",
        "Alumnidagen 2026 samlet over 300 tidligere studenter",
        NewsKind.NEWS,
        datetime.date(2026, 10, 14),
        "Foredrag, campusvandring og mingling: årets alumnidag i Bø ble den største hittil.",
        ["arrangement", "nettverk"],
        "network",
    ),
    (
        "ny-mentorordning",
        "Ny mentorordning kobler studenter med erfarne alumner",
        NewsKind.NEWS,
        datetime.date(2026, 9, 2),
        "Fra januar kan siste års studenter søke om en mentor fra alumninettverket.",
        ["karriere", "mentor"],
        "career",
    ),
    (
        "fra-bo-til-brussel",
        "Fra Bø til Brussel: Sigrid jobber med europeisk helsepolitikk",
        NewsKind.STORY,
        datetime.date(2026, 8, 20),
        "Sigrid tok bachelor i sykepleie og master i helsefag. Nå jobber hun i EU-systemet.",
        ["alumnihistorie", "helse"],
        "campus",
    ),
]
NEWS_NB_HH = [
    (
        "hh-pilot",
        "Handelshøyskolen USN er pilot for det nye alumninettverket",
        NewsKind.NEWS,
        datetime.date(2026, 11, 3),
        "Handelshøyskolen går først. Erfaringene herfra tas med når de andre fakultetene kommer.",
        ["nettverk", "handelshøyskolen"],
        "business",
    ),
    (
        "regnskap-og-rakettvitenskap",
        "Fra regnskapsfører til gründer i romfart",
        NewsKind.STORY,
        datetime.date(2026, 10, 1),
        "Magnus studerte økonomi og administrasjon i Vestfold. I dag leder han et romfartsselskap.",
        ["alumnihistorie", "gründer"],
        "story",
    ),
]
EN = {
    "alumnidagen-2026": (
        "alumni-day-2026",
        "Alumni Day 2026 brought together more than 300 former students",
        "Talks, campus walks and mingling: this year's alumni day in Bø was the biggest so far.",
    ),
    "ny-mentorordning": (
        "new-mentoring-scheme",
        "New mentoring scheme connects students with experienced alumni",
        "From January, final-year students can apply for a mentor from the alumni network.",
    ),
    "fra-bo-til-brussel": (
        "from-bo-to-brussels",
        "From Bø to Brussels: Sigrid works on European health policy",
        "Sigrid took a bachelor's in nursing and a master's in "
        "health sciences. Now she works in the EU institutions.",
    ),
    "hh-pilot": (
        "school-of-business-pilot",
        "USN School of Business pilots the new alumni network",
        "The School of Business goes first. What we learn here will help the other "
        "faculties when they join.",
    ),
    "regnskap-og-rakettvitenskap": (
        "from-accounting-to-space",
        "From accountant to space entrepreneur",
        "Magnus studied business administration in "
        "Vestfold. Today he runs a space technology company.",
    ),
}
ACCESSIBILITY_NB = (
    "<p>USN Alumni skal kunne brukes av alle. Nettstedet er laget for å oppfylle kravene i "
    "WCAG 2.1 nivå A og AA, slik forskrift om universell utforming av IKT krever.</p>"
    "<p>Finner du noe som ikke virker for deg, vil vi gjerne høre det: skriv til "
    '<a href="mailto:alumni@usn.no">alumni@usn.no</a>.</p>'
)
ACCESSIBILITY_EN = (
    "<p>USN Alumni is meant for everyone. The site is built to meet WCAG 2.1 levels A and AA, as "
    "the Norwegian regulation on universal design of ICT requires.</p>"
    "<p>If something does not work for you, please tell us at "
    '<a href="mailto:alumni@usn.no">alumni@usn.no</a>.</p>'
)
FAQ_NB = [
    ("Hvem kan bli medlem?", "Alle som har studert ved USN eller en av de tidligere høgskolene."),
    ("Koster det noe?", "Nei. Medlemskap i USN Alumni er gratis."),
    (
        "Hva skjer med opplysningene mine?",
        "Du bestemmer selv hva andre medlemmer ser, og du kan "
        "laste ned eller slette dataene dine når du vil.",
    ),
]
FAQ_EN = [
    ("Who can join?", "Everyone who has studied at USN or one of its former university colleges."),
    ("Does it cost anything?", "No. Membership of USN Alumni is free."),
    (
        "What happens to my data?",
        "You decide what other members see, and you can download or "
        "delete your data whenever you like.",
    ),
]
