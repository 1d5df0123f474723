"""USN's faculties and campuses, a coordinator group and media collection per faculty, the English
locale, and the site's home page in place of Wagtail's welcome page."""

from django.db import migrations

FACULTIES = [
    ("HH", "Handelshøyskolen USN", "USN School of Business"),
    ("HS", "Fakultet for helse- og sosialvitenskap", "Faculty of Health and Social Sciences"),
    (
        "HIU",
        "Fakultet for humaniora, idretts- og utdanningsvitenskap",
        "Faculty of Humanities, Sports and Educational Science",
    ),
    (
        "TNM",
        "Fakultet for teknologi, naturvitenskap og maritime fag",
        "Faculty of Technology, Natural Sciences and Maritime Sciences",
    ),
]
CAMPUSES = [
    ("Bø", "bo"),
    ("Drammen", "drammen"),
    ("Kongsberg", "kongsberg"),
    ("Notodden", "notodden"),
    ("Porsgrunn", "porsgrunn"),
    ("Rauland", "rauland"),
    ("Ringerike", "ringerike"),
    ("Vestfold", "vestfold"),
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number, width=4):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(width, "0")


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def _child_collection(apps, root, name):
    Collection = apps.get_model("wagtailcore.Collection")
    existing = Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path)
    position = existing.count() + 1
    collection = Collection.objects.create(
        name=name, path=root.path + _step(position), depth=root.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=root.pk).update(numchild=position)
    return collection


def create_reference_data(apps, schema_editor):
    Faculty = apps.get_model("home.Faculty")
    Campus = apps.get_model("home.Campus")
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    for order, (name, slug) in enumerate(CAMPUSES):
        Campus.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order})

    root = Collection.objects.get(depth=1)
    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    for order, (code, name_nb, name_en) in enumerate(FACULTIES):
        group, _ = Group.objects.get_or_create(name=f"Fakultetskoordinator {code}")
        group.permissions.add(access_admin)
        collection = Collection.objects.filter(name=name_nb, depth=2).first()
        if collection is None:
            collection = _child_collection(apps, root, name_nb)
            root.refresh_from_db()
        for app_label, model, codenames in COLLECTION_PERMISSIONS:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=collection,
                    permission=_permission(apps, app_label, model, codename),
                )
        Faculty.objects.update_or_create(
            code=code,
            defaults={
                "name_nb": name_nb,
                "name_en": name_en,
                "sort_order": order,
                "coordinator_group": group,
                "collection": collection,
            },
        )


def create_locales_and_home_page(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("home.HomePage")

    norwegian, _ = Locale.objects.get_or_create(language_code="nb")
    Locale.objects.get_or_create(language_code="en")

    if HomePage.objects.exists():
        return
    # Wagtail's migrations leave a "Welcome" page at depth 2; the home page takes its place.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="USN Alumni",
        draft_title="USN Alumni",
        slug="home",
        content_type=content_type,
        path=root.path + _step(Page.objects.filter(depth=2).count() + 1),
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=norwegian,
        live=True,
        hero_title="Velkommen til USN Alumni",
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "USN Alumni"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(create_reference_data, migrations.RunPython.noop),
        migrations.RunPython(create_locales_and_home_page, migrations.RunPython.noop),
    ]
