"""SECURITY.md C3 for pages: a faculty coordinator runs their own section through the real Wagtail
admin and is refused every admin view of another faculty's pages, changing nothing.

How Wagtail 8.0.1 refuses: the page views raise PermissionDenied (the revision view and compare
also use ``user_passes_test``), and ``require_admin_access``, which wraps every admin URL, turns
that into ``wagtail.admin.auth.permission_denied``: a 302 to the admin dashboard with an error
message, or a 403 for an XMLHttpRequest. home/admin_denial.py replaces that function with a 403
page. ``assert_denied`` accepts a 403 or Wagtail's own redirect, nothing else.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.models import (
    GroupPagePermission,
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    TaskState,
    Workflow,
    WorkflowState,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from home.factories import StandardPageFactory
from home.models import FacultySectionPage, StandardPage


def is_denied(response) -> bool:
    # home/admin_denial.py turns every refusal inside the admin into a 403 (Wagtail would redirect).
    return response.status_code == 403


def assert_denied(response):
    assert is_denied(response), f"not refused: {response.status_code} {response.get('Location')}"


def snapshot():
    """Everything a refused request could have changed about pages, as a comparable value."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "title", "draft_title", "slug", "live", "path", "locked", "latest_revision_id"
            )
        ),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", "approved_go_live_at")),
        "log_entries": PageLogEntry.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "workflows": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "tasks": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
    }


def page_form(page, title, publish=False, slug=None):
    """The admin form of a StandardPage or FacultySectionPage (a new StandardPage if no page)."""
    fields = {"title": title, "slug": slug or page.slug, "intro": page.intro if page else "Ny."}
    if isinstance(page, FacultySectionPage):
        fields |= {"faculty": page.faculty_id, "launch_state": page.launch_state, "image_alt": ""}
    data = nested_form_data(fields | {"body": streamfield([]), "comments": inline_formset([])})
    if publish:
        data["action-publish"] = "action-publish"
    return data


@pytest.fixture
def hh_child(sections):
    """A page in the HH section with a published revision and a newer draft."""
    page = StandardPageFactory(parent=sections["HH"], title="Studietur", slug="studietur")
    page.save_revision().publish()
    page.title = "Studietur (utkast)"
    page.save_revision()
    return StandardPage.objects.get(pk=page.pk)


class Scene:
    """The HH page a request is aimed at and what the request needs, made before the snapshot."""

    def __init__(self, target, sections, hh_child, coordinator_hh, home):
        section = sections["HH"]
        if target == "section":
            section.save_revision(user=coordinator_hh).publish()
            section.save_revision(user=coordinator_hh)
            section.refresh_from_db()
        self.page = section if target == "section" else hh_child
        # Where a move or a copy would put it: the HS section, where the HS coordinator may add
        # pages; a section page can only live under the home page.
        self.destination = home if target == "section" else sections["HS"]
        self.owner = coordinator_hh

    @cached_property
    def older_revision(self):
        return self.page.revisions.order_by("pk").first()

    @cached_property
    def newer_revision(self):
        return self.page.revisions.order_by("pk").last()

    @cached_property
    def scheduled_revision(self):
        revision = self.newer_revision
        revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=7)
        revision.save(update_fields=["approved_go_live_at"])
        return revision

    @cached_property
    def task_state(self):
        workflow = Workflow.objects.get(name="Moderators approval")
        return workflow.start(self.page, self.owner).current_task_state

    def lock(self):
        Page.objects.filter(pk=self.page.pk).update(
            locked=True, locked_by=self.owner, locked_at=timezone.now()
        )


@dataclass
class Case:
    method: str
    url: Any  # Scene -> str
    data: Any = None  # Scene -> dict
    prepare: Any = None  # Scene -> None
    mutates: bool = False  # whether the same request by a superuser changes the database
    marks: list = field(default_factory=list)


def page_url(name, *more):
    return lambda s: reverse(f"wagtailadmin_pages:{name}", args=[s.page.pk, *(m(s) for m in more)])


def add_url(name):
    return lambda s: reverse(f"wagtailadmin_pages:{name}", args=["home", "standardpage", s.page.pk])


older = lambda s: s.older_revision.pk  # noqa: E731
newer = lambda s: s.newer_revision.pk  # noqa: E731
task_state = lambda s: s.task_state.pk  # noqa: E731
# Wagtail 8.0.1 checks no permission on the move confirmation GET nor on the workflow
# cancellation confirmation; home/wagtail_hooks.py adds both checks, tested in this matrix.

CASES = {
    "edit-get": Case("get", page_url("edit")),
    "edit-save-draft": Case(
        "post", page_url("edit"), lambda s: page_form(s.page, "Kapret"), None, True
    ),
    "edit-publish": Case(
        "post", page_url("edit"), lambda s: page_form(s.page, "Kapret", publish=True), None, True
    ),
    "unpublish-get": Case("get", page_url("unpublish")),
    "unpublish-post": Case("post", page_url("unpublish"), mutates=True),
    "move-choose-get": Case("get", page_url("move")),
    "move-choose-post": Case(
        "post", page_url("move"), lambda s: {"new_parent_page": s.destination.pk}
    ),
    "move-confirm-get": Case(
        "get",
        page_url("move_confirm", lambda s: s.destination.pk),
    ),
    "move-confirm-post": Case(
        "post", page_url("move_confirm", lambda s: s.destination.pk), mutates=True
    ),
    "set-position-post": Case("post", lambda s: page_url("set_page_position")(s) + "?position=0"),
    "copy-get": Case("get", page_url("copy")),
    "copy-post": Case(
        "post",
        page_url("copy"),
        lambda s: {
            "new_title": "Kopi",
            "new_slug": "kopi",
            "new_parent_page": s.destination.pk,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
        mutates=True,
    ),
    "delete-get": Case("get", page_url("delete")),
    "delete-post": Case("post", page_url("delete"), mutates=True),
    "revisions-view": Case("get", page_url("revisions_view", older)),
    "revisions-compare": Case("get", page_url("revisions_compare", older, newer)),
    "revisions-compare-live": Case(
        "get", page_url("revisions_compare", lambda s: "live", lambda s: "latest")
    ),
    "revisions-revert-get": Case("get", page_url("revisions_revert", older)),
    "revisions-revert-post": Case(
        "post",
        page_url("revisions_revert", older),
        lambda s: page_form(s.page, "Tilbakestilt", publish=True),
        mutates=True,
    ),
    "revisions-unschedule-get": Case(
        "get", page_url("revisions_unschedule", lambda s: s.scheduled_revision.pk)
    ),
    "revisions-unschedule-post": Case(
        "post", page_url("revisions_unschedule", lambda s: s.scheduled_revision.pk), mutates=True
    ),
    "preview-on-edit-get": Case("get", page_url("preview_on_edit")),
    "preview-on-edit-post": Case(
        "post", page_url("preview_on_edit"), lambda s: page_form(s.page, "Forhåndsvist")
    ),
    "preview-on-add-get": Case("get", add_url("preview_on_add")),
    "preview-on-add-post": Case(
        "post", add_url("preview_on_add"), lambda s: page_form(None, "Forhåndsvist", slug="forh")
    ),
    "view-draft": Case("get", page_url("view_draft")),
    "add-subpage": Case("get", page_url("add_subpage")),
    "add-get": Case("get", add_url("add")),
    "add-post": Case(
        "post", add_url("add"), lambda s: page_form(None, "Inntrenger", True, "inn"), None, True
    ),
    "lock": Case("post", page_url("lock"), mutates=True),
    "unlock": Case("post", page_url("unlock"), prepare=Scene.lock, mutates=True),
    "set-privacy-get": Case("get", page_url("set_privacy")),
    "set-privacy-post": Case(
        "post", page_url("set_privacy"), lambda s: {"restriction_type": "login"}, None, True
    ),
    "usage": Case("get", page_url("usage")),
    "history": Case("get", page_url("history")),
    "history-results": Case("get", page_url("history_results")),
    "workflow-history": Case("get", page_url("workflow_history")),
    "workflow-history-detail": Case(
        "get", page_url("workflow_history_detail", lambda s: s.task_state.workflow_state_id)
    ),
    "workflow-action-approve": Case(
        "post", page_url("workflow_action", lambda s: "approve", task_state), mutates=True
    ),
    "workflow-collect-action-data": Case(
        "get", page_url("collect_workflow_action_data", lambda s: "approve", task_state)
    ),
    "workflow-preview": Case("get", page_url("workflow_preview", lambda s: s.task_state.task_id)),
    "workflow-confirm-cancellation": Case(
        "get",
        page_url("confirm_workflow_cancellation"),
        prepare=lambda s: s.task_state,
    ),
}


# Not a permission matter: a faculty has one section per language, so even a superuser's copy of
# a section is refused (with a message) by home/wagtail_hooks.py; tested on its own below.
CONTROL_MARKS = {
    ("section", "copy-get"): [pytest.mark.skip(reason="sections cannot be copied by anyone")],
    ("section", "copy-post"): [pytest.mark.skip(reason="sections cannot be copied by anyone")],
}


def params(with_marks):
    return [
        pytest.param(
            target,
            name,
            id=f"{target}-{name}",
            marks=case.marks if with_marks else CONTROL_MARKS.get((target, name), []),
        )
        for target in ("section", "child")
        for name, case in CASES.items()
    ]


def run(client, user, target, name, sections, hh_child, coordinator_hh, home):
    """Prepare the scene, take a snapshot, send the request; return the response and snapshots."""
    case = CASES[name]
    scene = Scene(target, sections, hh_child, coordinator_hh, home)
    if case.prepare:
        case.prepare(scene)
    url = case.url(scene)
    data = case.data(scene) if case.data else {}
    before = snapshot()
    client.force_login(user)
    response = client.get(url) if case.method == "get" else client.post(url, data)
    return response, before, snapshot()


@pytest.mark.parametrize(("target", "name"), params(with_marks=True))
def test_other_faculty_coordinator_is_refused_and_nothing_changes(
    client, coordinator_hs, target, name, sections, hh_child, coordinator_hh, home
):
    response, before, after = run(
        client, coordinator_hs, target, name, sections, hh_child, coordinator_hh, home
    )
    assert_denied(response)
    assert after == before


@pytest.mark.parametrize(("target", "name"), params(with_marks=False))
def test_control_the_same_request_works_for_a_superuser(
    client, superuser, target, name, sections, hh_child, coordinator_hh, home
):
    """Proves each request above is well-formed, so its refusal is the permission check's doing."""
    response, before, after = run(
        client, superuser, target, name, sections, hh_child, coordinator_hh, home
    )
    assert response.status_code < 400 and not is_denied(response), response.status_code
    if CASES[name].mutates:
        assert after != before


def test_revisions_index_only_redirects_to_the_refused_history(client, coordinator_hs, hh_child):
    client.force_login(coordinator_hs)
    response = client.get(reverse("wagtailadmin_pages:revisions_index", args=[hh_child.pk]))
    assert response.url == reverse("wagtailadmin_pages:history", args=[hh_child.pk])
    assert_denied(client.get(response.url))


def test_explorer_sends_other_coordinator_back_to_their_own_section(
    client, coordinator_hs, sections, hh_child
):
    client.force_login(coordinator_hs)
    response = client.get(reverse("wagtailadmin_explore", args=[sections["HH"].pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_explore", args=[sections["HS"].pk])


def test_granting_hs_a_permission_on_hh_breaks_the_refusal(
    client, coordinator_hs, faculties, sections, hh_child
):
    """The matrix can fail: with one stray GroupPagePermission the HS coordinator gets in."""
    GroupPagePermission.objects.create(
        group=faculties["HS"].coordinator_group,
        page=sections["HH"],
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    client.force_login(coordinator_hs)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[hh_child.pk]))
    assert response.status_code == 200


# --- the coordinator's own section, through the real admin views ------------------------------


def test_coordinator_creates_a_draft_page_in_own_section(client, coordinator_hh, sections):
    client.force_login(coordinator_hh)
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", sections["HH"].pk])
    response = client.post(url, page_form(None, "Mentorordning", slug="mentor"))
    page = StandardPage.objects.get(slug="mentor")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.get_parent().pk == sections["HH"].pk
    assert page.live is False
    assert page.revisions.count() == 1
    assert page.owner == coordinator_hh


def test_coordinator_edits_a_page_in_own_section(client, coordinator_hh, hh_child):
    revisions = hh_child.revisions.count()
    client.force_login(coordinator_hh)
    url = reverse("wagtailadmin_pages:edit", args=[hh_child.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, page_form(hh_child, "Studietur til Bø"))
    assert response.status_code == 302
    hh_child.refresh_from_db()
    assert hh_child.draft_title == "Studietur til Bø"
    assert hh_child.title == "Studietur"  # the live version is untouched until published
    assert hh_child.revisions.count() == revisions + 1
    assert hh_child.get_latest_revision().user == coordinator_hh


def test_coordinator_publishes_pages_in_own_section(client, coordinator_hh, sections, hh_child):
    client.force_login(coordinator_hh)
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", sections["HH"].pk])
    client.post(url, page_form(None, "Karrieredag", True, "karrieredag"))
    new_page = StandardPage.objects.get(slug="karrieredag")
    assert new_page.live and new_page.live_revision_id == new_page.latest_revision_id

    url = reverse("wagtailadmin_pages:edit", args=[hh_child.pk])
    response = client.post(url, page_form(hh_child, "Studietur 2026", publish=True))
    assert response.status_code == 302
    hh_child.refresh_from_db()
    assert hh_child.live and hh_child.title == "Studietur 2026"
    assert hh_child.live_revision_id == hh_child.latest_revision_id
    assert client.get("/hh/studietur/").status_code == 200


def test_coordinator_edits_the_section_page_itself(client, coordinator_hh, sections):
    section = sections["HH"]
    client.force_login(coordinator_hh)
    url = reverse("wagtailadmin_pages:edit", args=[section.pk])
    response = client.post(url, page_form(section, "HH alumni", publish=True))
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.title == "HH alumni"


def test_copying_a_section_is_refused_with_a_message_not_a_500(client, superuser, sections):
    client.force_login(superuser)
    before = FacultySectionPage.objects.count()
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[sections["HH"].pk]),
        {
            "new_title": "Kopi",
            "new_slug": "kopi",
            "new_parent_page": sections["HH"].get_parent().pk,
        },
    )
    assert response.status_code == 302
    levels = [message.level for message in get_messages(response.wsgi_request)]
    assert messages.ERROR in levels
    assert FacultySectionPage.objects.count() == before
