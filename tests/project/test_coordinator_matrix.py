"""SECURITY.md C3 across the whole admin: no admin view of an object is left out of the matrix.

The coverage test walks the URL resolver under admin/ (Wagtail's own areas, our viewsets and
hooks), takes every pattern with an argument naming an object, groups the patterns by URL
namespace (a Wagtail area or one of our viewsets) and fails for any group without a C3 entry:

- PROVED_ELSEWHERE: tests in the owning app that prove a faculty-B coordinator gets 403/404 and
  nothing changes ("<file under tests/>::<test function>", each checked to exist);
- GENERIC: the matrix in this file, which must name every object route of the group (or say in
  NOT_A_CASE why a route needs none);
- ADMINISTRATORS_ONLY: areas a coordinator does not reach at all, proved here by one request each.

The generic matrix sends the HS coordinator's GETs and POSTs to the views of HH-owned pages,
images, documents, campaigns, events, figures, reports, claims and groups: each is refused (403,
or 404 for an object they may not even see) and the database is unchanged. The same GETs by the
HH coordinator succeed, so a refusal is the permission check's doing, not a malformed request.
"""

import re
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Locale,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
    Site,
    Workflow,
)

import pytest

from tests.conftest import login_to_admin
from tests.project.url_walk import _walk, get_resolver

TESTS = Path(__file__).resolve().parent.parent

# Arguments that name an object (or a faculty, as the figures' scope does).
OBJECT_ARGUMENT = re.compile(r"^(pk|.*_pk|.*_id|doc_id|scope|uidb64)$")


def admin_object_routes() -> dict[str, set[str]]:
    """Every admin route with an object argument, by group (its namespace, or its own name)."""
    groups: dict[str, set[str]] = {}
    for route in _walk(get_resolver()):
        if not route.route.startswith("admin/"):
            continue
        if not any(OBJECT_ARGUMENT.match(arg) for arg in route.arguments):
            continue
        group = route.name.rsplit(":", 1)[0] if ":" in route.name else route.name
        groups.setdefault(group, set()).add(route.name)
    return groups


PAGES = "home/test_coordinator_permissions.py::"
MEDIA = "home/test_coordinator_media_and_planned_sections.py::"

# Groups whose C3 proof is a test in the owning app.
PROVED_ELSEWHERE = {
    # The page chooser browses the whole tree (anyone writing a page may link to any live page),
    # but another faculty's drafts are not listed (home.wagtail_hooks).
    "wagtailadmin_choose_page_child": [
        "home/test_page_chooser_scope.py::"
        "test_another_faculty_coordinator_sees_live_pages_but_not_drafts"
    ],
    "wagtailadmin_pages": [
        PAGES + "test_other_faculty_coordinator_is_refused_and_nothing_changes",
        PAGES + "test_revisions_index_only_redirects_to_the_refused_history",
    ],
    "wagtailadmin_explore": [
        PAGES + "test_explorer_sends_other_coordinator_back_to_their_own_section"
    ],
    "wagtailimages": [MEDIA + "test_other_faculty_coordinator_is_refused_hh_media"],
    "wagtailimages_chooser": [MEDIA + "test_other_faculty_coordinator_is_refused_hh_media"],
    "wagtaildocs": [MEDIA + "test_other_faculty_coordinator_is_refused_hh_media"],
    "wagtaildocs_chooser": [MEDIA + "test_other_faculty_coordinator_is_refused_hh_media"],
    "wagtailsnippets_newsletters_campaign": [
        "newsletters/test_admin_campaigns.py::"
        "test_c3_a_coordinator_of_another_faculty_is_refused_every_campaign_url",
        "newsletters/test_admin_campaigns.py::"
        "test_c3_revision_compare_and_workflow_urls_refuse_another_faculty",
        "newsletters/test_admin_campaigns.py::test_c3_stop_by_another_faculty_changes_nothing",
        "newsletters/test_report.py::test_c3_another_faculty_coordinator_gets_403_for_report_and_csv",
    ],
    "figures": [
        "figures/test_dashboard.py::test_c3_a_coordinator_of_hh_gets_403_on_other_figures_and_exports"
    ],
    "verification_claims": [
        "community/test_claims_admin.py::test_a_coordinator_of_another_faculty_is_refused_and_nothing_changes"
    ],
    "reports": [
        "community/test_moderation.py::test_a_coordinator_of_another_faculty_is_refused_and_nothing_changes"
    ],
    "groups": [
        "community/test_groups_admin.py::test_a_coordinator_cannot_reach_another_faculty_group",
        "community/test_groups_admin.py::test_edit_rights_still_stop_at_the_coordinators_faculty",
    ],
    "member_duplicates": [
        "community/test_duplicates.py::test_c3_coordinator_of_another_faculty_cannot_merge"
    ],
    "event_registrations": [
        "events/test_admin.py::test_other_faculty_coordinator_gets_403_on_get",
        "events/test_admin.py::test_other_faculty_coordinator_changes_nothing_by_post",
        "events/test_checkin.py::test_other_faculty_coordinator_gets_403_and_nothing_changes",
    ],
    "member_benefits": [
        "careers/test_benefits_admin.py::test_a_coordinator_gets_403_on_anyone_elses_benefit",
        "careers/test_benefits_admin.py::test_a_coordinator_changes_nothing_of_anyone_elses_benefit",
    ],
    "job_postings": [
        "careers/test_jobs_admin.py::"
        "test_the_hh_coordinator_is_refused_an_hs_posting_and_nothing_changes"
    ],
    "mentoring_programmes": [
        "careers/test_mentoring_admin.py::"
        "test_a_coordinator_of_another_faculty_is_refused_everywhere_and_nothing_changes"
    ],
    "crm_integrations": [
        "crm/test_admin.py::test_c3_editors_and_coordinators_get_403_on_every_integration_screen"
    ],
    "trusted_job_posters": [
        "careers/test_jobs_admin.py::test_a_coordinator_cannot_manage_trusted_posters"
    ],
    "wagtailsnippets_newsletters_topic": [
        "newsletters/test_admin_campaigns.py::test_a_coordinator_cannot_manage_topics"
    ],
    "newsletter_subscribers": [
        "newsletters/test_admin_campaigns.py::"
        "test_coordinators_editors_and_members_cannot_see_subscribers_or_the_ledger"
    ],
}


# -- the generic matrix ------------------------------------------------------------------------

Image = get_image_model()
Document = get_document_model()


class World:
    """HH-owned objects of each kind, made on first use (a case builds only what it needs)."""

    def __init__(self, sections, faculties, coordinator_hh):
        self.sections = sections
        self.faculties = faculties
        self.owner = coordinator_hh

    @cached_property
    def page(self):
        from home.factories import StandardPageFactory

        page = StandardPageFactory(parent=self.sections["HH"], title="Studietur", slug="tur")
        page.save_revision(user=self.owner).publish()
        page.title = "Studietur (utkast)"
        page.save_revision(user=self.owner)
        return Page.objects.get(pk=page.pk).specific

    @cached_property
    def alias(self):
        return self.page.create_alias(parent=self.sections["HH"], update_slug="tur-alias")

    @cached_property
    def form(self):
        from home.factories import FormFieldFactory, FormPageFactory

        form = FormPageFactory(parent=self.sections["HH"], slug="hh-skjema")
        FormFieldFactory(page=form, label="Navn", field_type="singleline", sort_order=0)
        form.get_submission_class().objects.create(page=form, form_data={"navn": "Hanne"})
        return form

    @cached_property
    def event(self):
        from events.factories import EventIndexPageFactory, EventPageFactory

        index = EventIndexPageFactory(parent=self.sections["HH"], slug="arr")
        start = timezone.now() + timedelta(days=30)
        return EventPageFactory(parent=index, slug="fagdag", start=start, end=start)

    @cached_property
    def image(self):
        from home.factories import ImageFactory

        return ImageFactory(collection=self.faculties["HH"].collection, title="HH-bilde")

    @cached_property
    def document(self):
        content = ContentFile(b"Referat.\n", name="referat.txt")
        collection = self.faculties["HH"].collection
        return Document.objects.create(title="HH-dokument", file=content, collection=collection)

    def uploaded(self, model):
        from django.contrib.contenttypes.models import ContentType

        from wagtail.models import UploadedFile

        return UploadedFile.objects.create(
            for_content_type=ContentType.objects.get_for_model(model),
            file=ContentFile(b"x", name="opplastet.txt"),
            uploaded_by_user=self.owner,
        )

    @cached_property
    def topic(self):
        from newsletters.factories import TopicFactory

        return TopicFactory(slug="hh-nytt", name_nb="Nytt fra HH", faculty=self.faculties["HH"])

    @cached_property
    def campaign(self):
        from newsletters.factories import TopicFactory
        from tests.newsletters.test_admin_campaigns import make_campaign

        topic = TopicFactory(slug="evu-hh", name_nb="EVU HH", name_en="CE HH")
        return make_campaign(self.faculties["HH"], [topic], creator=self.owner)

    @cached_property
    def editing_session(self):
        from wagtail.admin.models import EditingSession

        return EditingSession.objects.create(
            user=self.owner, content_object=self.page.page_ptr, last_seen_at=timezone.now()
        )

    @cached_property
    def claim(self):
        from tests.community.test_claims_admin import make_claim

        return make_claim("HH", "hanne.krav@example.no", first_name="Hanne")

    @cached_property
    def report(self):
        from tests.community.conftest import make_member
        from tests.community.test_moderation import conversation_with, report_on, write

        author = make_member("hanne.hh@example.no", programme_code="MØA")
        reader = make_member("leser.hh@example.no", programme_code="MØA")
        return report_on(write(conversation_with(author, reader), author), reader)

    @cached_property
    def group(self):
        from community.factories import GroupFactory

        return GroupFactory(name="Regnskap HH", faculty=self.faculties["HH"])


def snapshot():
    """What a refused request could have changed, for every kind above, as a comparable value."""
    from community.models import Group, Report, VerificationClaim
    from newsletters.models import Campaign

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return {
        "pages": rows(Page, "title", "draft_title", "live", "path", "locked", "alias_of_id"),
        "revisions": rows(Revision, "approved_go_live_at"),
        "page_log": PageLogEntry.objects.count(),
        "model_log": ModelLogEntry.objects.count(),
        "images": rows(Image, "title", "collection_id"),
        "documents": rows(Document, "title", "collection_id"),
        "campaigns": rows(Campaign, "title", "live", "locked"),
        "claims": rows(VerificationClaim, "status"),
        "reports": rows(Report, "status"),
        "groups": rows(Group, "name", "archived_at"),
        "submissions": sum(
            form.get_submission_class().objects.count()
            for form in Page.objects.type(_form_page_model()).specific()
        ),
        "workflow_pages": list(
            Workflow.objects.filter(workflow_pages__isnull=False).values_list("pk", flat=True)
        ),
    }


def _editing_sessions():
    from wagtail.admin.models import EditingSession

    return EditingSession.objects.count()


def _form_page_model():
    from home.models import FormPage

    return FormPage


class Case:
    """One request at an HH object: the route, how its arguments come from the World, the
    methods to try, and the status the HH coordinator gets on a GET (the control)."""

    def __init__(
        self,
        route,
        args,
        methods=("get", "post"),
        own=200,
        query="",
        data=None,
        follow=False,
        refused=None,
    ):
        self.route, self.args, self.methods = route, args, methods
        self.own, self.query, self.data, self.follow = own, query, data or {}, follow
        self.refused = refused  # a view-specific test of a refusal, besides 403/404

    def url(self, world):
        query = self.query(world) if callable(self.query) else self.query
        return reverse(self.route, args=self.args(world)) + query


page_pk = lambda w: [w.page.pk]  # noqa: E731

CASES = [
    # pages, through the admin API, choosers, forms, translation, workflows and editing sessions
    Case("wagtailadmin_api:pages:detail", page_pk, ("get",)),
    Case("wagtailadmin_api:pages:action", lambda w: [w.page.pk, "publish"], ("post",), own=None),
    Case("wagtailadmin_api:pages:action", lambda w: [w.page.pk, "delete"], ("post",), own=None),
    Case("wagtailadmin_api:pages:action", lambda w: [w.page.pk, "unpublish"], ("post",), own=None),
    Case("wagtailadmin_explore_results", lambda w: [w.sections["HH"].pk], ("get",)),
    Case("wagtailadmin_pages:convert_alias", lambda w: [w.alias.pk]),
    Case("wagtailadmin_pages:edit", page_pk),
    Case("wagtailadmin_pages:delete", page_pk),
    Case("wagtailadmin_pages:history", page_pk, ("get",)),
    Case("wagtailadmin_pages:revisions_index", page_pk, ("get",), own=302, follow=True),
    Case("wagtailadmin_pages:preview_on_edit", page_pk),
    Case("wagtailadmin_pages:usage", page_pk, ("get",)),
    Case("wagtailadmin_pages:copy", page_pk),
    Case("wagtailadmin_pages:move", page_pk),
    # Wagtail's bulk actions answer with the items the user may not act on and no form.
    Case(
        "wagtail_bulk_action",
        lambda w: ["wagtailcore", "page", "delete"],
        query=lambda w: f"?id={w.page.pk}",
        refused=lambda response: response.status_code == 302 or not response.context["items"],
    ),
    Case("wagtailforms:list_submissions", lambda w: [w.form.pk], ("get",)),
    Case("wagtailforms:list_submissions_results", lambda w: [w.form.pk], ("get",)),
    Case("wagtailforms:delete_submissions", lambda w: [w.form.pk]),
    Case("simple_translation:submit_page_translation", page_pk),
    Case("wagtailadmin_workflows:remove", page_pk, ("post",), own=None),
    Case(
        "wagtailadmin_editing_sessions:ping",
        lambda w: ["wagtailcore", "page", w.page.pk, w.editing_session.pk],
        ("post",),
        own=None,
    ),
    # events are pages of the faculty's section
    Case("wagtailadmin_pages:edit", lambda w: [w.event.pk]),
    Case("event_registrations:participants", lambda w: [w.event.pk], ("get",)),
    Case("event_registrations:export", lambda w: [w.event.pk], ("get",)),
    Case("event_registrations:duplicate", lambda w: [w.event.pk]),
    # images and documents
    Case("wagtailadmin_api:images:detail", lambda w: [w.image.pk], ("get",)),
    Case("wagtailadmin_api:documents:detail", lambda w: [w.document.pk], ("get",)),
    Case("wagtailimages:edit", lambda w: [w.image.pk]),
    Case("wagtailimages:delete", lambda w: [w.image.pk]),
    Case("wagtailimages:preview", lambda w: [w.image.pk, "original"], ("get",)),
    Case("wagtailimages_chooser:chosen", lambda w: [w.image.pk], ("get",)),
    Case("wagtailimages_chooser:select_format", lambda w: [w.image.pk]),
    Case(
        "wagtailimages:create_multiple_from_uploaded_image",
        lambda w: [w.uploaded(Image).pk],
        ("post",),
        own=None,
    ),
    Case(
        "wagtailimages:delete_upload_multiple",
        lambda w: [w.uploaded(Image).pk],
        ("post",),
        own=None,
    ),
    Case("wagtaildocs:edit", lambda w: [w.document.pk]),
    Case("wagtaildocs:delete", lambda w: [w.document.pk]),
    Case("wagtaildocs:document_usage", lambda w: [w.document.pk], ("get",)),
    Case("wagtaildocs_chooser:chosen", lambda w: [w.document.pk], ("get",)),
    Case(
        "wagtaildocs:create_multiple_from_uploaded_document",
        lambda w: [w.uploaded(Document).pk],
        ("post",),
        own=None,
    ),
    Case(
        "wagtaildocs:delete_upload_multiple",
        lambda w: [w.uploaded(Document).pk],
        ("post",),
        own=None,
    ),
    # campaigns
    Case("wagtailsnippets_newsletters_campaign:edit", lambda w: [w.campaign.pk]),
    # Coordinators delete no campaign, not even their own: no control.
    Case("wagtailsnippets_newsletters_campaign:delete", lambda w: [w.campaign.pk], own=None),
    Case("wagtailsnippets_newsletters_campaign:history", lambda w: [w.campaign.pk], ("get",)),
    Case(
        "wagtailsnippets_newsletters_campaign:history_results", lambda w: [w.campaign.pk], ("get",)
    ),
    Case("wagtailsnippets_newsletters_campaign:usage", lambda w: [w.campaign.pk], ("get",)),
    Case("wagtailsnippets_newsletters_campaign:preview_on_edit", lambda w: [w.campaign.pk]),
    Case(
        "wagtailsnippets_newsletters_campaign:revisions_view",
        lambda w: [w.campaign.pk, w.campaign.latest_revision.pk],
        ("get",),
    ),
    Case(
        "wagtailsnippets_newsletters_campaign:revisions_revert",
        lambda w: [w.campaign.pk, w.campaign.latest_revision.pk],
    ),
    Case(
        "wagtailsnippets_newsletters_campaign:revisions_unschedule",
        lambda w: [w.campaign.pk, w.campaign.latest_revision.pk],
        ("post",),
        own=None,
    ),
    Case("wagtailsnippetchoosers_newsletters_campaign:chosen", lambda w: [w.campaign.pk], ("get",)),
    Case("wagtailsnippetchoosers_newsletters_topic:chosen", lambda w: [w.topic.pk], ("get",)),
    Case(
        "simple_translation:submit_snippet_translation",
        lambda w: ["newsletters", "campaign", w.campaign.pk],
        own=None,
    ),
    # The release of an editing session deletes only the requester's own: 200, nothing changes.
    Case(
        "wagtailadmin_editing_sessions:release",
        lambda w: [w.editing_session.pk],
        ("post",),
        own=None,
        refused=lambda response: _editing_sessions() == 1,
    ),
    # figures, claims, reports, groups
    Case("figures:scope", lambda w: ["hh"], ("get",)),
    Case("figures:csv", lambda w: ["hh", "members"], ("get",)),
    Case("verification_claims:review", lambda w: [w.claim.pk], ("get",)),
    Case("verification_claims:approve", lambda w: [w.claim.pk], ("post",), own=None),
    Case("verification_claims:decline", lambda w: [w.claim.pk], ("post",), own=None),
    Case("reports:review", lambda w: [w.report.pk], ("get",)),
    Case("reports:decide", lambda w: [w.report.pk], ("post",), own=None, data={"decision": "hide"}),
    Case("groups:inspect", lambda w: [w.group.pk], ("get",)),
    Case("groups:edit", lambda w: [w.group.pk], own=403),
]

CASE_PARAMS = [
    pytest.param(case, method, id=f"{case.route}-{n}-{method}".replace(":", "."))
    for n, case in enumerate(CASES)
    for method in case.methods
]


@pytest.fixture
def world(sections, faculties, coordinator_hh):
    return World(sections, faculties, coordinator_hh)


def is_refused(response, url) -> bool:
    """403, 404, or a redirect away from the object (the explorer sends a coordinator back to
    their own section)."""
    if response.status_code in (403, 404):
        return True
    object_path = url.split("?")[0]
    return response.status_code == 302 and not response["Location"].startswith(object_path)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "method"), CASE_PARAMS)
def test_another_faculty_coordinator_is_refused_and_nothing_changes(
    client, coordinator_hs, world, case, method
):
    url = case.url(world)  # builds the HH objects before the snapshot
    before = snapshot()
    login_to_admin(client, coordinator_hs)

    response = getattr(client, method)(url, case.data, follow=case.follow)

    refused = is_refused(response, url) or bool(case.refused and case.refused(response))
    assert refused, f"{method.upper()} {url}: {response.status_code}"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=f"{case.route}-{n}".replace(":", "."))
        for n, case in enumerate(CASES)
        if case.own and "get" in case.methods
    ],
)
def test_control_the_hh_coordinator_gets_the_same_views(client, coordinator_hh, world, case):
    url = case.url(world)
    login_to_admin(client, coordinator_hh)

    assert client.get(url).status_code == case.own


# -- coverage ----------------------------------------------------------------------------------

# Areas a coordinator does not reach at all: one request each proves the 403.
# (group: (why, url name, arguments from the `admin_objects` fixture))
ADMINISTRATORS_ONLY = {
    "wagtailusers_users": ("user accounts", "wagtailusers_users:edit", lambda o: [o["user"]]),
    "wagtailusers_groups": (
        "permission groups",
        "wagtailusers_groups:edit",
        lambda o: [o["group"]],
    ),
    "wagtailsites": ("sites", "wagtailsites:edit", lambda o: [o["site"]]),
    "wagtaillocales": ("languages", "wagtaillocales:edit", lambda o: [o["locale"]]),
    "wagtailadmin_collections": (
        "collections, a faculty's own among them",
        "wagtailadmin_collections:edit",
        lambda o: [o["collection"]],
    ),
    "wagtailadmin_workflows": (
        "workflows and their tasks",
        "wagtailadmin_workflows:edit",
        lambda o: [o["workflow"]],
    ),
    "wagtailredirects": ("redirects", "wagtailredirects:edit", lambda o: [o["redirect"]]),
    "wagtailsettings": (
        "site and mail settings",
        "wagtailsettings:edit",
        lambda o: ["home", "sitesettings", o["site"]],
    ),
    "wagtailsnippets_home_faculty": (
        "the faculties themselves",
        "wagtailsnippets_home_faculty:edit",
        lambda o: [o["faculty"]],
    ),
    "wagtailsnippets_home_campus": (
        "campuses",
        "wagtailsnippets_home_campus:edit",
        lambda o: [o["campus"]],
    ),
    "wagtailsnippets_community_interesttag": (
        "interest tags, shared by all faculties",
        "wagtailsnippets_community_interesttag:edit",
        lambda o: [o["tag"]],
    ),
    "messaging_suspensions": (
        "messaging suspensions (a coordinator suspends from a report, tests/community/"
        "test_moderation.py)",
        "messaging_suspensions:edit",
        lambda o: [o["suspension"]],
    ),
    "suppression_list": (
        "the suppression list (administrators remove an address)",
        "suppression_list:delete",
        lambda o: [o["suppression"]],
    ),
    "graduate_register": (
        "the graduate register",
        "graduate_register:inspect",
        lambda o: [o["graduate"]],
    ),
    "graduate_imports": (
        "graduate imports (central staff with the add permission)",
        "graduate_imports:preview",
        lambda o: [o["graduate_import"]],
    ),
}

# Groups with nothing of one faculty's behind them, each with why.
NOT_FACULTY_OBJECTS = {
    "wagtailadmin_password_reset_confirm": "the signed-out password reset; its token is the object",
    "wagtailsnippetchoosers_home_faculty": "picks a faculty by id; the list of faculties is public",
    "wagtailsnippetchoosers_home_campus": "picks a campus; the campuses are public",
    "wagtailsnippetchoosers_community_interesttag": "picks an interest tag, shared by all",
}

GENERIC_ROUTES = {case.route for case in CASES}


def test_every_admin_object_route_has_a_c3_entry():
    groups = admin_object_routes()
    # The walk must keep finding Wagtail's areas and ours; an empty walk would prove nothing.
    assert {"wagtailadmin_pages", "wagtailimages", "reports", "figures"} <= set(groups)

    entries = set(PROVED_ELSEWHERE) | set(ADMINISTRATORS_ONLY) | set(NOT_FACULTY_OBJECTS)
    missing = {
        group: sorted(routes - GENERIC_ROUTES)
        for group, routes in groups.items()
        if group not in entries and not routes <= GENERIC_ROUTES
    }
    assert not missing, f"admin object views without a C3 entry: {missing}"
    unknown = entries - set(groups)
    assert not unknown, f"C3 entries for groups that no longer exist (renamed?): {unknown}"
    all_routes = set().union(*groups.values()) | {"wagtail_bulk_action"}
    assert all_routes >= GENERIC_ROUTES, GENERIC_ROUTES - all_routes


@pytest.mark.parametrize(
    "reference", sorted({ref for refs in PROVED_ELSEWHERE.values() for ref in refs})
)
def test_the_named_proof_exists_and_involves_another_faculty(reference):
    path, function = reference.split("::")
    text = (TESTS / path).read_text()
    match = re.search(rf"^def {function}\(.*?(?=^(?:def |@)|\Z)", text, re.S | re.M)
    assert match, f"{reference} does not exist"
    # It sends a request as a coordinator and checks the answer.
    assert re.search(r"coordinator", match.group(0)), reference
    assert re.search(r"status_code|assert_denied", match.group(0)), reference


@pytest.fixture
def admin_objects(faculties, coordinator_hh, home):
    from wagtail.contrib.redirects.models import Redirect

    from community.models import GraduateImport, GraduateRecord, InterestTag, MessagingSuspension
    from home.models import Campus
    from newsletters.models import Suppression
    from tests.community.conftest import make_member

    member = make_member("hh.medlem@example.no", programme_code="MØA")
    return {
        "user": coordinator_hh.pk,
        "group": faculties["HH"].coordinator_group.pk,
        "site": Site.objects.get(is_default_site=True).pk,
        "locale": Locale.objects.get(language_code="nb").pk,
        "collection": faculties["HH"].collection.pk,
        "workflow": Workflow.objects.first().pk,
        "redirect": Redirect.objects.create(old_path="/gammel", redirect_page=home).pk,
        "faculty": faculties["HH"].pk,
        "campus": Campus.objects.first().pk,
        "suppression": Suppression.suppress("x@example.org", "staff").pk,
        "tag": InterestTag.objects.create(name="Ledelse", slug="ledelse").pk,
        "suspension": MessagingSuspension.objects.create(user=member).pk,
        "graduate": GraduateRecord.objects.create(**_graduate(faculties)).pk,
        "graduate_import": GraduateImport.objects.create(
            original_name="register.csv", uploaded_by=coordinator_hh
        ).pk,
    }


def _graduate(faculties):
    return {
        "student_number": "424242",
        "full_name": "Hanne Registrert",
        "faculty": faculties["HH"],
        "programme_name": "Bachelor i økonomi",
        "graduation_date": "2016-06-20",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("group", sorted(ADMINISTRATORS_ONLY))
def test_a_coordinator_gets_403_on_the_administrators_areas(
    client, coordinator_hs, admin_objects, group
):
    _, name, args = ADMINISTRATORS_ONLY[group]
    login_to_admin(client, coordinator_hs)

    assert client.get(reverse(name, args=args(admin_objects))).status_code == 403
