"""Demo content for the home app: the page tree in both languages, images, a coordinator and site
settings. Called by `manage.py seed_demo`; creates what is missing and leaves the rest alone."""

from django.contrib.auth.models import Group

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from accounts.models import User

from ..factories import generated_image_file
from ..models import Faculty, HomePage, SiteSettings

COORDINATOR = ("koordinator.hh@usn.example", "koordinator-demo-2026", "Hanne", "Koordinator")
PILOT_FACULTY = "HH"


def paragraph(html):
    return {"type": "paragraph", "value": html}


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def quote(text, name, role):
    return {"type": "quote", "value": {"quote": text, "attribution": name, "role": role}}


def call_to_action(title, text, page, label):
    return {
        "type": "call_to_action",
        "value": {
            "title": title,
            "text": text,
            "link": {"page": page.pk, "url": ""},
            "button_label": label,
        },
    }


def accordion(title, items):
    return {
        "type": "accordion",
        "value": {
            "heading": title,
            "items": [{"title": q, "body": f"<p>{a}</p>"} for q, a in items],
        },
    }


def image_block(image, alt, caption=""):
    return {"type": "image", "value": {"image": image.pk, "alt_text": alt, "caption": caption}}


def ensure_page(parent, model, slug, tags=(), **fields):
    """The child of `parent` with this slug, created and published if it is missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    return page


def ensure_translation(source, parent, slug, tags=(), locale=None, **fields):
    """The translation of `source` into `locale` (by default the parent's) under `parent`,
    created and published if missing."""
    locale = locale or parent.locale
    existing = Page.objects.filter(translation_key=source.translation_key, locale=locale).first()
    if existing is not None:
        return existing.specific
    return ensure_page(
        parent,
        type(source),
        slug,
        tags=tags,
        translation_key=source.translation_key,
        locale=locale,
        **fields,
    )


def ensure_image(title, seed, collection):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title, collection=collection)
        image.file = generated_image_file(seed, f"demo-{seed}.png")
        image.save()
    return image


def ensure_coordinator(context):
    email, password, first, last = COORDINATOR
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, first_name=first, last_name=last
        )
    faculty = Faculty.objects.get(code=PILOT_FACULTY)
    user.groups.add(faculty.coordinator_group)
    editors = Group.objects.filter(name="Editors").first()
    context.logins.append(("Coordinator HH (/admin/)", email, password))
    return user, editors


def build(context):
    nb = Locale.objects.get(language_code="nb")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=nb).first()
    if home is None:
        home = ensure_page(root, HomePage, "home", title="USN Alumni", locale=nb)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or site.root_page_id != home.pk:
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home},
        )

    ensure_coordinator(context)
    root_collection = Collection.get_first_root_node()
    hh = Faculty.objects.get(code=PILOT_FACULTY)
    images = {
        "campus": ensure_image("Campus Bø om høsten", context.seed + 1, root_collection),
        "network": ensure_image("Alumnitreff i Drammen", context.seed + 2, root_collection),
        "business": ensure_image("Handelshøyskolen USN", context.seed + 3, hh.collection),
        "story": ensure_image("Alumna på jobb", context.seed + 4, hh.collection),
        "career": ensure_image("Karrieredag", context.seed + 5, root_collection),
    }

    from .pages import build_english, build_norwegian

    pages = build_norwegian(home, images)
    build_english(home, en, pages, images)

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    if not settings.contact_email:
        settings.contact_email = "alumni@usn.no"
        settings.contact_phone = "+47 31 00 80 00"
        settings.postal_address = "Universitetet i Sørøst-Norge\nPostboks 4\n3199 Borre"
        settings.linkedin_url = "https://www.linkedin.com/school/universitetet-i-sorost-norge/"
        settings.facebook_url = "https://www.facebook.com/usn.no"
        settings.accessibility_statement_page = pages["accessibility"]
        settings.save()
    context.say(f"  pages: {Page.objects.filter(depth__gte=2).count()} in two languages")
