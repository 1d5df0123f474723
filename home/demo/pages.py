"""The demo page tree: Norwegian pages first, then their English translations."""

from wagtail.models import Page

from ..models import (
    Faculty,
    FacultySectionPage,
    FormField,
    FormPage,
    LaunchState,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from . import (
    PILOT_FACULTY,
    accordion,
    call_to_action,
    ensure_page,
    ensure_translation,
    heading,
    image_block,
    paragraph,
    quote,
)
from .content import (
    ACCESSIBILITY_EN,
    ACCESSIBILITY_NB,
    EN,
    FAQ_EN,
    FAQ_NB,
    NEWS_NB,
    NEWS_NB_HH,
    THANKS_EN,
    THANKS_NB,
)


def build_norwegian(home, images):
    if not home.body:
        home.hero_title = "Velkommen til USN Alumni"
        home.hero_text = (
            "Nettverket for alle som har studert ved Universitetet i Sørøst-Norge: hold kontakten, "
            "finn mentorer og jobber, og få tilbud om etter- og videreutdanning."
        )
        home.hero_image = images["campus"]
        home.hero_image_alt = "Abstrakt illustrasjon i USN-farger"
        home.save_revision().publish()
    pages = {"home": home}
    sections = {}
    for faculty in Faculty.objects.all():
        sections[faculty.code] = ensure_page(
            home,
            FacultySectionPage,
            faculty.code.lower(),
            title=faculty.name_nb,
            faculty=faculty,
            show_in_menus=faculty.code == PILOT_FACULTY,
            launch_state=LaunchState.PILOT
            if faculty.code == PILOT_FACULTY
            else LaunchState.PLANNED,
            intro=f"Alumnisiden for {faculty.name_nb}: nyheter, arrangementer og nettverk.",
            image=images["business"] if faculty.code == PILOT_FACULTY else None,
            image_alt="Illustrasjon for Handelshøyskolen" if faculty.code == PILOT_FACULTY else "",
        )
    pages["sections"] = sections
    news = ensure_page(
        home,
        NewsIndexPage,
        "nyheter",
        title="Nyheter og historier",
        show_in_menus=True,
        intro="Nytt fra USN Alumni, og historier om hva tidligere studenter gjør i dag.",
    )
    hh_news = ensure_page(
        sections[PILOT_FACULTY],
        NewsIndexPage,
        "nyheter",
        title="Nyheter fra Handelshøyskolen",
        show_in_menus=True,
        intro="Nytt fra alumninettverket ved Handelshøyskolen USN.",
    )
    pages["news_index"], pages["hh_news_index"] = news, hh_news
    pages["news"] = [_news(news, item, images) for item in NEWS_NB]
    pages["hh_news"] = [_news(hh_news, item, images) for item in NEWS_NB_HH]
    about = ensure_page(
        home,
        StandardPage,
        "om",
        title="Om USN Alumni",
        show_in_menus=True,
        intro="USN Alumni er nettverket for tidligere studenter ved Universitetet i Sørøst-Norge.",
        body=[
            heading("Et nettverk som drives av medlemmene"),
            paragraph(
                "<p>Medlemmene finner hverandre, sender meldinger og starter faglige "
                "grupper – uten at universitetet trenger å stå i midten.</p>"
            ),
            image_block(images["network"], "Abstrakt illustrasjon av et nettverk", "Alumnitreff"),
            quote(
                "Nettverket fra studietiden har åpnet dører for meg hele karrieren.",
                "Ingrid Hansen",
                "Master i økonomi og administrasjon, 2015",
            ),
            accordion("Ofte stilte spørsmål", FAQ_NB),
        ],
    )
    pages["about"] = about
    pages["accessibility"] = ensure_page(
        about,
        StandardPage,
        "tilgjengelighet",
        title="Tilgjengelighetserklæring",
        intro="Slik arbeider vi for at alle skal kunne bruke USN Alumni.",
        body=[paragraph(ACCESSIBILITY_NB)],
    )
    pages["privacy"] = ensure_page(
        about,
        StandardPage,
        "personvern",
        title="Personvern",
        intro="Hvilke opplysninger vi behandler, og hvilke rettigheter du har.",
        body=[
            paragraph(
                "<p>Vi behandler bare opplysninger du selv har gitt oss, eller som "
                "kommer fra studentregisteret når du ber om å bli verifisert som "
                "alumn.</p>"
            )
        ],
    )
    pages["contact"] = _contact_form(
        home,
        "kontakt",
        "Kontakt oss",
        "Har du spørsmål om alumninettverket? Skriv til oss.",
        ["Navn", "E-post", "Melding"],
        nb=True,
    )
    if len(home.body) == 0:
        home.body = [
            call_to_action(
                "Bli med i alumninettverket",
                "Finn igjen medstudenter og bygg nettverket ditt videre.",
                about,
                "Les mer om nettverket",
            ),
        ]
        home.save_revision().publish()
    return pages


def _news(index, item, images, slug=None, title=None, intro=None):
    key, nb_title, kind, date, nb_intro, tags, image_key = item
    return ensure_page(
        index,
        NewsPage,
        slug or key,
        tags=tags,
        title=title or nb_title,
        kind=kind,
        date=date,
        intro=intro or nb_intro,
        image=images[image_key],
        image_alt="Abstrakt illustrasjon i USN-farger",
        body=[paragraph(f"<p>{intro or nb_intro}</p>")],
    )


def _contact_form(parent, slug, title, intro, labels, nb, translation_of=None):
    fields = dict(
        title=title,
        intro=intro,
        show_in_menus=True,
        to_address="alumni@usn.no",
        from_address="alumni@usn.no",
        subject=title,
        thank_you_text=THANKS_NB if nb else THANKS_EN,
    )
    if translation_of is not None:
        page = ensure_translation(translation_of, parent, slug, **fields)
    else:
        page = ensure_page(parent, FormPage, slug, **fields)
    if not page.form_fields.exists():
        types = ["singleline", "email", "multiline"]
        for order, (label, field_type) in enumerate(zip(labels, types, strict=True)):
            FormField.objects.create(
                page=page, sort_order=order, label=label, field_type=field_type, required=True
            )
    return page


def build_english(home, en, pages, images):
    home_en = ensure_translation(
        home,
        Page.get_first_root_node(),
        "home-en",
        locale=en,
        title="USN Alumni",
        hero_title="Welcome to USN Alumni",
        hero_image=images["campus"],
        hero_image_alt="Abstract illustration in USN colours",
        hero_text="The network for everyone who has studied at the University of South-Eastern "
        "Norway: stay in touch, find mentors and jobs, and hear about continuing "
        "education.",
    )
    sections = {}
    for code, section in pages["sections"].items():
        sections[code] = ensure_translation(
            section,
            home_en,
            section.slug,
            title=section.faculty.name_en,
            faculty=section.faculty,
            launch_state=section.launch_state,
            show_in_menus=section.show_in_menus,
            image=section.image,
            image_alt="Illustration for the School of Business" if section.image else "",
            intro=f"The alumni pages of the {section.faculty.name_en}: news, events and network.",
        )
    news = ensure_translation(
        pages["news_index"],
        home_en,
        "news",
        title="News and stories",
        show_in_menus=True,
        intro="News from USN Alumni, and stories about what former students do today.",
    )
    hh_news = ensure_translation(
        pages["hh_news_index"],
        sections[PILOT_FACULTY],
        "news",
        title="News from the School of Business",
        show_in_menus=True,
        intro="News from the alumni network of USN School of Business.",
    )
    for index, sources, items in (
        (news, pages["news"], NEWS_NB),
        (hh_news, pages["hh_news"], NEWS_NB_HH),
    ):
        for source, item in zip(sources, items, strict=True):
            slug, title, intro = EN[item[0]]
            ensure_translation(
                source,
                index,
                slug,
                tags=item[5],
                title=title,
                kind=item[2],
                date=item[3],
                intro=intro,
                image=images[item[6]],
                image_alt="Abstract illustration in USN colours",
                body=[paragraph(f"<p>{intro}</p>")],
            )
    about = ensure_translation(
        pages["about"],
        home_en,
        "about",
        title="About USN Alumni",
        show_in_menus=True,
        intro="USN Alumni is the network for former students of the University of South-Eastern "
        "Norway.",
        body=[
            heading("A network run by its members"),
            paragraph(
                "<p>Members find each other, send messages and start professional groups "
                "– without the university having to sit in the middle.</p>"
            ),
            image_block(images["network"], "Abstract illustration of a network", "Alumni meetup"),
            quote(
                "The network from my student days has opened doors throughout my career.",
                "Ingrid Hansen",
                "Master of Business Administration, 2015",
            ),
            accordion("Frequently asked questions", FAQ_EN),
        ],
    )
    ensure_translation(
        pages["accessibility"],
        about,
        "accessibility",
        title="Accessibility statement",
        intro="How we work to make USN Alumni usable for everyone.",
        body=[paragraph(ACCESSIBILITY_EN)],
    )
    ensure_translation(
        pages["privacy"],
        about,
        "privacy",
        title="Privacy",
        intro="What we process about you, and your rights.",
        body=[
            paragraph(
                "<p>We only process what you have given us, or what comes "
                "from the student register when you ask to be verified as "
                "an alumna or alumnus.</p>"
            )
        ],
    )
    _contact_form(
        home_en,
        "contact",
        "Contact us",
        "Questions about the alumni network? Write to us.",
        ["Name", "E-mail", "Message"],
        nb=False,
        translation_of=pages["contact"],
    )
    if len(home_en.body) == 0:
        home_en.body = [
            call_to_action(
                "Join the alumni network",
                "Find your fellow students again and grow your network.",
                about,
                "About the network",
            )
        ]
        home_en.save_revision().publish()
