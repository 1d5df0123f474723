"""SECURITY.md C3 for media, and planned sections: a coordinator uploads and edits images and
documents in their own faculty's collection only, never sees another faculty's in a listing or
chooser, and a section that has not launched is a 404 for everyone but its coordinators and editors.

The image and document views refuse the way the page views do (see ``assert_denied``); listings and
choosers simply leave the other faculty's objects out. An upload aimed at a collection the user may
not add to never lands there: a user with one collection gets no collection field at all (Wagtail
files the upload in that collection), a user with several gets a form error and nothing is saved.
"""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

import pytest

from home.factories import ImageFactory, StandardPageFactory, generated_image_file
from tests.conftest import make_coordinator
from tests.home.test_coordinator_permissions import assert_denied, is_denied

Image = get_image_model()
Document = get_document_model()


def make_document(faculty, title):
    content = ContentFile(b"Referat fra styremote.\n", name=f"{title}.txt")
    return Document.objects.create(title=title, file=content, collection=faculty.collection)


@pytest.fixture
def media(faculties):
    """An image and a document in the HH collection and in the HS collection, owned by no one."""
    return {
        "image": ImageFactory(collection=faculties["HH"].collection, title="HH-bilde-hemmelig"),
        "document": make_document(faculties["HH"], "HH-dokument-hemmelig"),
        "hs_image": ImageFactory(collection=faculties["HS"].collection, title="HS-bilde-synlig"),
        "hs_document": make_document(faculties["HS"], "HS-dokument-synlig"),
    }


def media_snapshot():
    return {
        "images": list(Image.objects.order_by("pk").values_list("pk", "title", "collection_id")),
        "documents": list(
            Document.objects.order_by("pk").values_list("pk", "title", "collection_id")
        ),
    }


def image_upload(name="opplastet.png", seed=7):
    content = generated_image_file(seed, name).file.getvalue()
    return SimpleUploadedFile(name, content, content_type="image/png")


def document_upload(name="opplastet.txt"):
    return SimpleUploadedFile(name, b"Vedlegg.\n", content_type="text/plain")


def edit_form(obj, kind):
    return {"title": "Kapret", "collection": obj.collection_id, "tags": ""}


# (url name, method, data, whether the same request by the owning faculty changes the database)
MEDIA_CASES = {
    "image": {
        "edit-get": ("wagtailimages:edit", "get", None, False),
        "edit-post": ("wagtailimages:edit", "post", edit_form, True),
        "delete-get": ("wagtailimages:delete", "get", None, False),
        "delete-post": ("wagtailimages:delete", "post", None, True),
        "usage": ("wagtailimages:image_usage", "get", None, False),
        "preview": ("wagtailimages:preview", "get", None, False),
        "edit-multiple-post": (
            "wagtailimages:edit_multiple",
            "post",
            lambda o, k: {f"image-{o.pk}-{key}": v for key, v in edit_form(o, k).items()},
            True,
        ),
        "delete-multiple-post": ("wagtailimages:delete_multiple", "post", None, True),
        "chooser-chosen": ("wagtailimages_chooser:chosen", "get", None, False),
        "chooser-select-format": ("wagtailimages_chooser:select_format", "get", None, False),
    },
    "document": {
        "edit-get": ("wagtaildocs:edit", "get", None, False),
        "edit-post": ("wagtaildocs:edit", "post", edit_form, True),
        "delete-get": ("wagtaildocs:delete", "get", None, False),
        "delete-post": ("wagtaildocs:delete", "post", None, True),
        "usage": ("wagtaildocs:document_usage", "get", None, False),
        "edit-multiple-post": (
            "wagtaildocs:edit_multiple",
            "post",
            lambda o, k: {f"doc-{o.pk}-{key}": v for key, v in edit_form(o, k).items()},
            True,
        ),
        "delete-multiple-post": ("wagtaildocs:delete_multiple", "post", None, True),
        "chooser-chosen": ("wagtaildocs_chooser:chosen", "get", None, False),
    },
}
MEDIA_PARAMS = [(kind, name) for kind, cases in MEDIA_CASES.items() for name in cases]
EXTRA_ARGS = {"wagtailimages:preview": ["original"]}


def request_media(client, user, media, kind, name):
    url_name, method, data, mutates = MEDIA_CASES[kind][name]
    obj = media[kind]
    client.force_login(user)
    url = reverse(url_name, args=[obj.pk, *EXTRA_ARGS.get(url_name, [])])
    before = media_snapshot()
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data(obj, kind) if data else {})
    return response, before, media_snapshot(), mutates


@pytest.mark.parametrize(("kind", "name"), MEDIA_PARAMS)
def test_other_faculty_coordinator_is_refused_hh_media(client, coordinator_hs, media, kind, name):
    response, before, after, _ = request_media(client, coordinator_hs, media, kind, name)
    assert_denied(response)
    assert after == before


@pytest.mark.parametrize(("kind", "name"), MEDIA_PARAMS)
def test_control_own_faculty_coordinator_may_use_hh_media(
    client, coordinator_hh, media, kind, name
):
    response, before, after, mutates = request_media(client, coordinator_hh, media, kind, name)
    assert response.status_code < 400 and not is_denied(response), response.status_code
    assert (after != before) == mutates


@pytest.mark.parametrize("kind", ["image", "document"])
def test_owning_an_hh_object_gives_no_rights_without_the_hh_collection(
    client, coordinator_hs, media, kind
):
    """Wagtail lets an uploader edit what they own, but only inside a collection they may add to."""
    obj = media[kind]
    obj.uploaded_by_user = coordinator_hs
    obj.save()
    client.force_login(coordinator_hs)
    url_name = "wagtailimages:edit" if kind == "image" else "wagtaildocs:edit"
    assert_denied(client.post(reverse(url_name, args=[obj.pk]), edit_form(obj, kind)))
    obj.refresh_from_db()
    assert obj.title.startswith("HH-")


LISTINGS = [
    ("image", "wagtailimages:index", {}),
    ("image", "wagtailimages:index_results", {"q": "bilde"}),
    ("image", "wagtailimages_chooser:choose", {}),
    ("image", "wagtailimages_chooser:choose_results", {"q": "bilde"}),
    ("image", "wagtailimages_chooser:chosen_multiple", "ids"),
    ("document", "wagtaildocs:index", {}),
    ("document", "wagtaildocs:index_results", {"q": "dokument"}),
    ("document", "wagtaildocs_chooser:choose", {}),
    ("document", "wagtaildocs_chooser:choose_results", {"q": "dokument"}),
    ("document", "wagtaildocs_chooser:chosen_multiple", "ids"),
]


@pytest.mark.parametrize("with_collection_filter", [False, True])
@pytest.mark.parametrize(("kind", "url_name", "query"), LISTINGS, ids=[u for _, u, _ in LISTINGS])
def test_listings_and_choosers_show_each_coordinator_only_their_faculty(
    client,
    coordinator_hs,
    coordinator_hh,
    faculties,
    media,
    kind,
    url_name,
    query,
    with_collection_filter,
):
    hh, hs = media[kind], media[f"hs_{kind}"]
    if query == "ids":
        query = {"id": [hh.pk, hs.pk]}
    if with_collection_filter:
        query = query | {"collection_id": faculties["HH"].collection_id}
    client.force_login(coordinator_hs)
    response = client.get(reverse(url_name), query)
    assert response.status_code == 200
    assert hh.title not in response.content.decode()
    if not with_collection_filter:
        assert hs.title in response.content.decode()  # the listing does show HS's own

    client.force_login(coordinator_hh)
    assert hh.title in client.get(reverse(url_name), query).content.decode()


UPLOADS = {
    "image": [
        ("wagtailimages:add", lambda f, c: {"title": "Ny", "file": f, "collection": c}),
        ("wagtailimages:add_multiple", lambda f, c: {"files[]": f, "collection": c}),
        (
            "wagtailimages_chooser:create",
            lambda f, c: {
                "image-chooser-upload-title": "Ny",
                "image-chooser-upload-file": f,
                "image-chooser-upload-collection": c,
            },
        ),
    ],
    "document": [
        ("wagtaildocs:add", lambda f, c: {"title": "Ny", "file": f, "collection": c}),
        ("wagtaildocs:add_multiple", lambda f, c: {"files[]": f, "collection": c}),
        (
            "wagtaildocs_chooser:create",
            lambda f, c: {
                "document-chooser-upload-title": "Ny",
                "document-chooser-upload-file": f,
                "document-chooser-upload-collection": c,
            },
        ),
    ],
}


@pytest.mark.parametrize("also_tnm", [False, True], ids=["hs-only", "hs-and-tnm"])
@pytest.mark.parametrize("collection", ["HS", "HH"])
@pytest.mark.parametrize(
    ("kind", "url_name", "form"),
    [
        pytest.param(kind, url_name, form, id=url_name)
        for kind, views in UPLOADS.items()
        for url_name, form in views
    ],
)
def test_hs_coordinator_uploads_into_hs_but_never_into_hh(
    client, coordinator_hs, faculties, kind, url_name, form, collection, also_tnm
):
    """With one collection Wagtail drops the form's collection field and files every upload there
    (so one aimed at HH lands in HS); with two, HH is an invalid choice and nothing is saved."""
    if also_tnm:
        coordinator_hs.groups.add(faculties["TNM"].coordinator_group)
    model = Image if kind == "image" else Document
    upload = image_upload() if kind == "image" else document_upload()
    client.force_login(coordinator_hs)
    response = client.post(reverse(url_name), form(upload, faculties[collection].collection_id))
    assert response.status_code in (200, 302)
    expected = [] if collection == "HH" and also_tnm else [faculties["HS"].collection_id]
    assert list(model.objects.values_list("collection", flat=True)) == expected


@pytest.mark.parametrize("collection", ["TNM", "HH"])
def test_finishing_a_multiple_image_upload_cannot_choose_hh_either(
    client, coordinator_hs, faculties, collection
):
    """With several collections, an upload whose collection fails validation is parked as an
    UploadedFile and finished by choosing a collection; HH is not among the choices. (The same
    path for documents is a 500 in Wagtail 8.0.1 whatever the collection, so it is left out.)"""
    coordinator_hs.groups.add(faculties["TNM"].coordinator_group)
    client.force_login(coordinator_hs)
    hh_id = faculties["HH"].collection_id
    client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": image_upload(), "collection": hh_id}
    )
    pending = UploadedFile.objects.get(uploaded_by_user=coordinator_hs)
    form = {"title": "Ny", "collection": faculties[collection].collection_id, "tags": ""}
    client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[pending.pk]),
        {f"uploaded-image-{pending.pk}-{key}": value for key, value in form.items()},
    )
    expected = [] if collection == "HH" else [faculties["TNM"].collection_id]
    assert list(Image.objects.values_list("collection", flat=True)) == expected


@pytest.mark.parametrize("kind", ["image", "document"])
def test_coordinator_uploads_into_own_collection_and_edits_it(
    client, coordinator_hh, faculties, kind
):
    collection = faculties["HH"].collection
    model = Image if kind == "image" else Document
    prefix = "wagtailimages" if kind == "image" else "wagtaildocs"
    upload = image_upload() if kind == "image" else document_upload()
    client.force_login(coordinator_hh)
    response = client.post(
        reverse(f"{prefix}:add"),
        {"title": "Alumnifest", "file": upload, "collection": collection.pk},
    )
    assert response.status_code == 302
    obj = model.objects.get(title="Alumnifest")
    assert obj.collection == collection and obj.uploaded_by_user == coordinator_hh

    data = {"title": "Alumnifest 2026", "collection": collection.pk, "tags": ""}
    response = client.post(reverse(f"{prefix}:edit", args=[obj.pk]), data)
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.title == "Alumnifest 2026"


# --- a planned section is hidden from the public ----------------------------------------------


@pytest.fixture
def hiu_child(sections):
    page = StandardPageFactory(parent=sections["HIU"], title="Forberedelser", slug="forberedelser")
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("path", ["/hiu/", "/hiu/forberedelser/"])
def test_planned_section_is_404_for_visitors_and_other_coordinators(
    client, coordinator_hs, hiu_child, path
):
    assert client.get(path).status_code == 404
    client.force_login(coordinator_hs)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/hiu/", "/hiu/forberedelser/"])
@pytest.mark.parametrize("who", ["coordinator", "editor"])
def test_planned_section_is_visible_to_its_coordinator_and_editors(
    client, editor, hiu_child, path, who
):
    if who == "coordinator":
        client.force_login(make_coordinator("HIU", "koordinator.hiu@usn.example"))
    else:
        client.force_login(editor)
    assert client.get(path).status_code == 200


def test_launched_sections_are_public(client, sections):
    assert client.get("/hh/").status_code == 200
    assert client.get("/hs/").status_code == 200
