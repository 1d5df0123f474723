"""Demo careers content for `manage.py seed_demo`: the central careers index ("Karriere", in the
main menu) with six Norwegian guidance articles and two recorded webinars, the HH section's own
careers index with three articles, the central continuing-education index with eight course
offers across the faculties, and four member benefits. Then the job board's and mentoring's own
demo builders (careers.jobs.demo, careers.mentoring.demo), when they exist.

Idempotent and deterministic: pages are found by their slug and benefits by their title, and
dates are counted from the day the demo is first built. The webinars' recording is stored as a
ready-made embed (wagtailembeds), so no page view asks YouTube for it.
"""

import importlib
import time
from datetime import timedelta

from django.utils import timezone

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Locale

from home.demo import heading, paragraph
from home.models import Faculty, FacultySectionPage, HomePage

from .models import (
    BenefitKind,
    CareerArticlePage,
    CareersIndexPage,
    CourseFormat,
    CourseOfferIndexPage,
    CourseOfferPage,
    MemberBenefit,
)
from .models.pages import ArticleKind

PILOT_FACULTY = "HH"
VIDEO_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
VIDEO_WIDTH = 960  # home.blocks.VideoEmbedBlock's max_width
VIDEO_HTML = (
    '<iframe width="960" height="540" src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ" '
    'title="Videospiller: opptak av webinaret" allow="encrypted-media; picture-in-picture" '
    'referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>'
)
APPLY_URL = "https://www.usn.no/studier/etter-og-videreutdanning/"

# (slug, title, kind, topics, intro, [(heading, paragraph), …])
ARTICLES = [
    (
        "cv-som-blir-lest",
        "Slik skriver du en CV som blir lest",
        ArticleKind.ARTICLE,
        ["Karriere"],
        "En rekrutterer bruker under et minutt på første gjennomlesning. Slik får du med det "
        "viktigste.",
        [
            (
                "Start med det du kan nå",
                "Skriv en kort innledning øverst: hva du kan, hva du har gjort, og hva du ser "
                "etter. Tre setninger er nok.",
            ),
            (
                "Vis resultater, ikke bare oppgaver",
                "«Ansvar for budsjett» sier lite. «Styrte et budsjett på 4 millioner og kuttet "
                "kostnadene med 8 prosent» sier mye mer.",
            ),
            (
                "Tilpass til stillingen",
                "Bruk ordene fra utlysningen der de stemmer med det du har gjort. Mange "
                "arbeidsgivere sorterer søknader med verktøy som leter etter nettopp dem.",
            ),
        ],
    ),
    (
        "forbered-jobbintervjuet",
        "Jobbintervjuet: forberedelser som gjør en forskjell",
        ArticleKind.ARTICLE,
        ["Karriere"],
        "De fleste spørsmålene i et intervju kan du forutse. Her er hvordan du forbereder deg.",
        [
            (
                "Lær virksomheten å kjenne",
                "Les årsrapporten, nyhetene og strategien. Tenk gjennom hvordan stillingen bidrar "
                "til det virksomheten vil oppnå.",
            ),
            (
                "Fortell konkrete historier",
                "Forbered fire–fem eksempler fra studier og jobb: situasjonen, hva du gjorde og "
                "hva det førte til. Da har du svar på de fleste atferdsspørsmål.",
            ),
            (
                "Still gode spørsmål",
                "Spør om hva som kjennetegner de som lykkes i rollen, og hvordan de første "
                "månedene ser ut. Det viser interesse og gir deg nyttig informasjon.",
            ),
        ],
    ),
    (
        "bygg-nettverk",
        "Bygg nettverket ditt – også når du ikke søker jobb",
        ArticleKind.ARTICLE,
        ["Nettverksbygging", "Karriere"],
        "Mange stillinger blir aldri utlyst. Et levende nettverk er den beste veien til dem.",
        [
            (
                "Gi før du ber om noe",
                "Del en artikkel, gratuler med en ny jobb, tilby hjelp. Nettverk handler om "
                "gjensidighet.",
            ),
            (
                "Bruk alumninettverket",
                "Medlemskatalogen i USN Alumni lar deg finne tidligere studenter fra ditt "
                "studieprogram og din bransje. De fleste svarer gjerne på en kort melding.",
            ),
        ],
    ),
    (
        "lonnsforhandling",
        "Lønnsforhandling for nyutdannede",
        ArticleKind.ARTICLE,
        ["Personlig økonomi", "Karriere"],
        "Hvordan vet du hva du kan be om, og hvordan sier du det? Råd til din første lønnssamtale.",
        [
            (
                "Kjenn markedet",
                "Lønnsstatistikken til SSB og fagforeningene gir et godt utgangspunkt. Spør også "
                "alumni i samme bransje hva som er vanlig.",
            ),
            (
                "Tenk på hele pakken",
                "Pensjon, fleksibilitet, kurs og etter- og videreutdanning kan være verdt like mye "
                "som noen tusenlapper mer i årslønn.",
            ),
        ],
    ),
    (
        "de-forste-hundre-dagene-som-leder",
        "Fra fagperson til leder: de første hundre dagene",
        ArticleKind.ARTICLE,
        ["Ledelse"],
        "Du var god i faget – nå skal du lede dem du jobbet sammen med. Slik kommer du godt i "
        "gang.",
        [
            (
                "Lytt først",
                "Ha en samtale med hver medarbeider de første ukene: hva fungerer, hva bør "
                "endres, hva trenger de fra deg?",
            ),
            (
                "Avklar forventningene",
                "Bli enig med din egen leder om hva som skal være oppnådd etter et halvt år, og "
                "fortell teamet hva du legger vekt på.",
            ),
        ],
    ),
    (
        "bytte-karriere",
        "Å bytte karriere midt i arbeidslivet",
        ArticleKind.ARTICLE,
        ["Karriere", "Etter- og videreutdanning"],
        "Stadig flere skifter retning etter ti–tjue år i jobb. Etter- og videreutdanning gjør "
        "overgangen lettere.",
        [
            (
                "Kartlegg hva du tar med deg",
                "Erfaring fra prosjektarbeid, ledelse og kundekontakt er verdifull i nesten alle "
                "bransjer. Skriv ned det du kan, ikke bare det du har hatt som tittel.",
            ),
            (
                "Ta et emne før du tar et valg",
                "Et emne på 7,5 eller 15 studiepoeng ved siden av jobb viser deg om fagfeltet "
                "passer, og gir deg et første bevis å vise til.",
            ),
        ],
    ),
    (
        "webinar-linkedin-profilen",
        "Webinar: LinkedIn-profilen som åpner dører",
        ArticleKind.WEBINAR,
        ["Nettverksbygging"],
        "Opptak av webinaret for alumni: slik bruker du LinkedIn til å bli funnet av "
        "arbeidsgivere, med karriererådgiver ved USN.",
        [
            (
                "Om webinaret",
                "En time med konkrete råd om profilbilde, overskrift, sammendrag og hvordan du "
                "bygger et faglig nettverk over tid.",
            ),
        ],
    ),
    (
        "webinar-baerekraft-i-arbeidslivet",
        "Webinar: Bærekraftskompetanse – hva ser arbeidsgivere etter?",
        ArticleKind.WEBINAR,
        ["Bærekraft", "Karriere"],
        "Opptak av paneldebatten med arbeidsgivere fra regionen om hvilken "
        "bærekraftskompetanse de trenger de neste årene.",
        [
            (
                "Om webinaret",
                "Representanter fra industri, bank og kommune forteller hva de ser etter hos nye "
                "medarbeidere, og hvordan alumni kan bygge kompetansen ved siden av jobb.",
            ),
        ],
    ),
]

HH_ARTICLES = [
    (
        "okonomirollen-i-endring",
        "Økonomirollen i endring: fra regnskap til rådgivning",
        ArticleKind.ARTICLE,
        ["Økonomi og finans"],
        "Automatisering tar over rutinene. Alumni fra Handelshøyskolen forteller hva som blir "
        "viktigere i økonomifunksjonen.",
        [
            (
                "Analyse og kommunikasjon",
                "Controllere og økonomisjefer bruker mer tid på å forklare tallene for ledelsen, "
                "og mindre på å produsere dem.",
            ),
        ],
    ),
    (
        "traineeprogram-i-bank-og-finans",
        "Slik får du mest ut av et traineeprogram i bank og finans",
        ArticleKind.ARTICLE,
        ["Økonomi og finans", "Karriere"],
        "Tre tidligere traineer fra Handelshøyskolen USN deler erfaringer fra rotasjon, "
        "mentorordninger og første faste stilling.",
        [
            (
                "Si ja til det ukjente",
                "Rotasjonene der du kan minst, lærer deg mest. Be om ansvar tidlig, og bruk "
                "mentoren din aktivt.",
            ),
        ],
    ),
    (
        "grunder-etter-studiene",
        "Gründer etter studiene: erfaringer fra HH-alumni",
        ArticleKind.ARTICLE,
        ["Entreprenørskap"],
        "Fra bacheloroppgave til eget selskap: hva de ville gjort likt, og hva de ville gjort "
        "annerledes.",
        [
            (
                "Test ideen tidlig",
                "Snakk med ti mulige kunder før du skriver forretningsplanen. Det sparer deg for "
                "måneder med arbeid på feil produkt.",
            ),
        ],
    ),
]

# (slug, title, faculty, topics, format, ECTS, price, days to start, days to deadline, intro)
COURSES = [
    (
        "okonomistyring-i-offentlig-sektor",
        "Økonomistyring i offentlig sektor",
        "HH",
        ["Offentlig sektor", "Økonomi og finans"],
        CourseFormat.BLENDED,
        15,
        "14 900 kr",
        150,
        75,
        "Budsjett, mål- og resultatstyring og økonomisk analyse for deg som jobber i kommune, "
        "fylkeskommune eller stat.",
    ),
    (
        "baerekraftig-verdiskaping",
        "Bærekraftig verdiskaping",
        "HH",
        ["Bærekraft", "Samfunnsansvar"],
        CourseFormat.ONLINE,
        7.5,
        "8 500 kr",
        120,
        60,
        "Hvordan skaper virksomheter verdier som varer? Om forretningsmodeller, rapportering og "
        "samfunnsansvar.",
    ),
    (
        "ledelse-og-endring",
        "Ledelse og endring",
        "HH",
        ["Ledelse"],
        CourseFormat.BLENDED,
        15,
        "16 500 kr",
        165,
        90,
        "For ledere som skal gjennomføre omstilling: endringsledelse, medvirkning og "
        "kommunikasjon.",
    ),
    (
        "veiledning-i-helse-og-velferd",
        "Veiledning i helse- og velferdstjenester",
        "HS",
        ["Folkehelse"],
        CourseFormat.BLENDED,
        15,
        "Gratis (studiepoengfinansiert)",
        140,
        70,
        "Veiledning av studenter, nyansatte og kolleger i helse- og velferdstjenestene.",
    ),
    (
        "psykisk-helsearbeid-i-kommunene",
        "Psykisk helsearbeid i kommunene",
        "HS",
        ["Psykisk helse", "Folkehelse"],
        CourseFormat.CAMPUS,
        30,
        "Semesteravgift",
        21,
        -10,
        "Videreutdanning for helse- og sosialarbeidere som møter mennesker med psykiske "
        "utfordringer i kommunen.",
    ),
    (
        "vurdering-for-laering",
        "Vurdering for læring",
        "HIU",
        ["Skole og barnehage"],
        CourseFormat.ONLINE,
        15,
        "Gratis for lærere i Kompetanse for kvalitet",
        180,
        80,
        "Videreutdanning for lærere om underveisvurdering, tilbakemeldinger og elevmedvirkning.",
    ),
    (
        "friluftsliv-som-pedagogisk-arbeidsmate",
        "Friluftsliv som pedagogisk arbeidsmåte",
        "HIU",
        ["Friluftsliv", "Skole og barnehage"],
        CourseFormat.CAMPUS,
        15,
        "9 800 kr",
        200,
        95,
        "Samlinger i Bø og i fjellet: friluftsliv i skole og barnehage, sikkerhet og "
        "naturveiledning.",
    ),
    (
        "kunstig-intelligens-i-praksis",
        "Kunstig intelligens i praksis",
        "TNM",
        ["Kunstig intelligens", "Digitalisering"],
        CourseFormat.ONLINE,
        7.5,
        "11 000 kr",
        110,
        50,
        "Maskinlæring og språkmodeller for ingeniører og fagfolk: muligheter, begrensninger og "
        "egne små prosjekter.",
    ),
]

# (title, partner, kind, code, places, faculty, topics, description, how to use, link)
BENEFITS = [
    (
        "15 % på faglitteratur",
        "Campusbokhandelen",
        BenefitKind.DISCOUNT_CODE,
        "USNALUMNI15",
        None,
        None,
        ["Etter- og videreutdanning"],
        "Verifiserte alumni får 15 % rabatt på faglitteratur i campusbokhandlene og i "
        "nettbutikken.",
        "Oppgi koden i kassen, eller skriv den inn i handlekurven i nettbutikken.",
        "https://bokhandel.example.no/",
    ),
    (
        "Gratis plass på frokostseminaret «Økonomistyring i praksis»",
        "Handelshøyskolen USN",
        BenefitKind.FREE_PLACES,
        "",
        25,
        "HH",
        ["Økonomi og finans", "Ledelse"],
        "Handelshøyskolen inviterer alumni til frokostseminar i Drammen med erfarne "
        "økonomiledere fra regionen. Frokost er inkludert.",
        "Vi sender deg praktisk informasjon en uke før seminaret. Får du ikke kommet, gi beskjed "
        "til hh-alumni@usn.no så plassen kan gå til en annen.",
        "",
    ),
    (
        "20 % på kurs i prosjektledelse",
        "Prosjektakademiet Sørøst",
        BenefitKind.DISCOUNT_CODE,
        "PROSJEKT20-USN",
        None,
        None,
        ["Prosjektledelse"],
        "Rabatt på åpne kurs i prosjektledelse og sertifiseringsforberedende kurs.",
        "Skriv koden i feltet for rabattkode når du melder deg på.",
        "https://prosjektakademiet.example.no/kurs",
    ),
    (
        "Gratis plass på webinarrekken «Ny som leder»",
        "USN Alumni",
        BenefitKind.FREE_PLACES,
        "",
        40,
        None,
        ["Ledelse"],
        "Fire webinarer for alumni som er nye som ledere: medarbeidersamtalen, konflikter, "
        "økonomi og egen rolle.",
        "Lenken til webinarene kommer på e-post til adressen du er registrert med.",
        "",
    ),
]


def ensure_page(parent, model, slug, topics=(), **fields):
    """The child of `parent` with this slug, created (with its topics) and published if it is
    missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    if topics:
        page.topics.add(*topics)
    page.save_revision().publish()
    return page


def ensure_video_embed():
    """The webinars' recording as a stored embed, so that showing it asks nobody on the net."""
    Embed.objects.get_or_create(
        hash=get_embed_hash(VIDEO_URL, VIDEO_WIDTH),
        defaults={
            "url": VIDEO_URL,
            "max_width": VIDEO_WIDTH,
            "type": "video",
            "html": VIDEO_HTML,
            "title": "Opptak av webinar",
            "provider_name": "YouTube",
            "width": 960,
            "height": 540,
        },
    )


def article_body(kind, title, sections):
    body = []
    if kind == ArticleKind.WEBINAR:
        body.append(
            {
                "type": "embed",
                "value": {"embed": VIDEO_URL, "title": f"Opptak: {title}", "caption": ""},
            }
        )
    for section_heading, text in sections:
        body += [heading(section_heading), paragraph(f"<p>{text}</p>")]
    return body


def ensure_articles(index, articles, image=None) -> list[CareerArticlePage]:
    pages = []
    for slug, title, kind, topics, intro, sections in articles:
        with_image = image is not None and kind == ArticleKind.ARTICLE and len(pages) % 2 == 0
        pages.append(
            ensure_page(
                index,
                CareerArticlePage,
                slug,
                topics=topics,
                title=title,
                kind=kind,
                intro=intro,
                image=image if with_image else None,
                image_alt="Abstrakt illustrasjon i USN-farger" if with_image else "",
                body=article_body(kind, title, sections),
            )
        )
    return pages


def ensure_courses(index) -> list[CourseOfferPage]:
    today = timezone.localdate()
    faculties = {faculty.code: faculty for faculty in Faculty.objects.all()}
    pages = []
    for spec in COURSES:
        slug, title, faculty, topics, course_format, ects, price, start, deadline, intro = spec
        pages.append(
            ensure_page(
                index,
                CourseOfferPage,
                slug,
                topics=topics,
                title=title,
                intro=intro,
                faculty=faculties[faculty],
                course_format=course_format,
                credits=ects,
                price=price,
                start_date=today + timedelta(days=start),
                application_deadline=today + timedelta(days=deadline),
                apply_url=APPLY_URL,
                body=[
                    heading("Om emnet"),
                    paragraph(f"<p>{intro}</p>"),
                    heading("Hvem passer det for?"),
                    paragraph(
                        "<p>Emnet passer for deg som har en bachelorgrad eller tilsvarende "
                        "realkompetanse og vil fordype deg ved siden av jobb.</p>"
                    ),
                ],
            )
        )
    return pages


def ensure_benefits() -> int:
    from community.models import InterestTag

    today = timezone.localdate()
    faculties = {faculty.code: faculty for faculty in Faculty.objects.all()}
    created = 0
    for spec in BENEFITS:
        title, partner, kind, code, places, faculty, topics, description, how_to_use, link = spec
        benefit, new = MemberBenefit.objects.get_or_create(
            title=title,
            defaults={
                "partner": partner,
                "kind": kind,
                "code": code,
                "places": places,
                "faculty": faculties.get(faculty),
                "description": description,
                "how_to_use": how_to_use,
                "link": link,
                "valid_until": today + timedelta(days=365),
            },
        )
        if new:
            created += 1
            tags = [InterestTag.objects.get_or_create(name=name)[0] for name in topics]
            benefit.topics.set(tags)
    return created


def build_feature_demos(context) -> None:
    """The job board's and mentoring's demo data, where those parts have a demo module."""
    for name in ("careers.jobs.demo", "careers.mentoring.demo"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.build(context)


def build(context):
    started = time.monotonic()
    nb = Locale.objects.get(language_code="nb")
    home = HomePage.objects.filter(locale=nb).first()
    if home is None:
        return
    ensure_video_embed()
    image = get_image_model().objects.filter(title="Karrieredag").first()
    careers = ensure_page(
        home,
        CareersIndexPage,
        "karriere",
        title="Karriere",
        show_in_menus=True,
        intro="Råd om jobbsøking, nettverk og ledelse, opptak av webinarer – og veien videre til "
        "jobber, mentorer og etter- og videreutdanning.",
    )
    articles = ensure_articles(careers, ARTICLES, image)
    hh_articles = []
    section = (
        FacultySectionPage.objects.filter(locale=nb, faculty__code=PILOT_FACULTY)
        .select_related("faculty")
        .first()
    )
    if section is not None:
        hh_careers = ensure_page(
            section,
            CareersIndexPage,
            "karriere",
            title="Karriere for økonomer",
            show_in_menus=True,
            intro="Karriereråd fra og for alumni av Handelshøyskolen USN.",
        )
        hh_articles = ensure_articles(hh_careers, HH_ARTICLES)
    courses_index = ensure_page(
        home,
        CourseOfferIndexPage,
        "etter-og-videreutdanning",
        title="Etter- og videreutdanning",
        intro="Emner og studier med studiepoeng for deg som vil lære mer ved siden av jobb – "
        "på campus, på nett eller begge deler.",
    )
    courses = ensure_courses(courses_index)
    benefits = ensure_benefits()
    context.shared["careers"] = {"careers_index": careers, "course_index": courses_index}
    context.say(
        f"  careers: {len(articles) + len(hh_articles)} articles and webinars, "
        f"{len(courses)} course offers, {benefits} new member benefits "
        f"({time.monotonic() - started:.1f} s)"
    )
    build_feature_demos(context)
