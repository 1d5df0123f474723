"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Everything under tests/browser is marked `browser` and runs after all other tests. Without
/usr/bin/chromium these tests are skipped, unless REQUIRE_BROWSER=1 (as in CI), when they fail
instead. The live server's tests are transactional: the database is flushed after each, so each
test first gets back what the migrations created (`migrated_site`) and, for the public pages, the
demo site of `manage.py seed_demo` (`demo_site`). `assert_no_axe_violations(page)` runs axe-core.
"""

import functools
import io
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

import axe_playwright_python
import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps trying to reach Google's services (STACK-NOTES.md).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text()
AXE_VERSION = AXE_SOURCE[: AXE_SOURCE.index("\n")].removeprefix("/*! axe ").strip()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BROWSER_DIR = Path(__file__).resolve().parent
# What Wagtail's migrations give Editors and Moderators on images and documents.
ACTIONS = ("add", "change", "delete", "choose")
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def is_browser_test(item):
    return BROWSER_DIR in Path(str(item.path)).resolve().parents


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Mark the tests in this folder `browser` (before `-m` selects); skip them when there is no
    Chromium, unless REQUIRE_BROWSER=1, when they fail instead. Then, after pytest-django has
    ordered the tests, move the browser tests to the very end: see pytest_runtest_setup."""
    chromium_missing = not CHROMIUM.exists()
    required = os.environ.get("REQUIRE_BROWSER", "") == "1"
    for item in filter(is_browser_test, items):
        item.add_marker(pytest.mark.browser)
        if chromium_missing and not required:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` "
                    "(or set REQUIRE_BROWSER=1 to make this an error)"
                )
            )
    result = yield
    items[:] = [item for item in items if not is_browser_test(item)] + [
        item for item in items if is_browser_test(item)
    ]
    return result


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Allow Django's synchronous database access while Playwright runs.

    Playwright's sync API keeps an event loop marked as running in the main thread from the first
    browser test to the end of the session, and Django refuses database access from a thread with a
    running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The browser tests run last (see above),
    so the variable is set from the first of them on and removed after the last: other tests, and
    the subprocesses they start (`check --deploy` reports the variable as an error), never see it.
    """
    if is_browser_test(item):
        os.environ[ASYNC_UNSAFE] = "true"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if is_browser_test(item) and (nextitem is None or not is_browser_test(nextitem)):
            os.environ.pop(ASYNC_UNSAFE, None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium: Playwright cannot download its own browsers here."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing: install it with "
            "`apt-get install -y chromium`",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Norwegian browser, as most visitors have. The site's Content-Security-Policy stays in
    force (no bypass_csp), so the tests see what a visitor's browser allows."""
    return {**browser_context_args, "locale": "nb-NO"}


@pytest.fixture(autouse=True)
def _browser_timeouts(request):
    """Fail fast: a page that needs more than a few seconds is a failure here, not a wait."""
    if "page" in request.fixturenames:
        page = request.getfixturevalue("page")
        page.set_default_timeout(5_000)
        page.set_default_navigation_timeout(10_000)


@functools.cache
def project_data_migrations():
    """The RunPython functions of our own apps' migrations (home 0002 and what came after), in
    the order `migrate` runs them."""
    base_dir = Path(django_settings.BASE_DIR).resolve()
    own_apps = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base_dir)
        and "site-packages" not in Path(config.path).parts
    }
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    plan = []
    for leaf in graph.leaf_nodes():
        plan.extend(node for node in graph.forwards_plan(leaf) if node not in plan)
    return [
        (f"{app_label}.{name}", operation.code)
        for app_label, name in plan
        if app_label in own_apps
        for operation in graph.nodes[app_label, name].operations
        if isinstance(operation, RunPython)
    ]


def restore_migration_data():
    """Recreate what the data migrations made and a transactional test's flush removed.

    Wagtail's own data migrations (wagtailcore 0002, 0005, 0025, 0045, 0048, 0054, wagtailadmin
    0001, wagtailimages and wagtaildocs 0002/0011/0012/0023) are written against models that
    have changed since, so their result is rebuilt here. Ours are replayed as they are, with
    today's models (django.apps.apps): they are written to be idempotent."""
    cache.clear()  # Wagtail caches the site root paths; the flushed pages had other ids
    # A flush re-creates content types with new ids; Django's in-process cache keeps the old.
    ContentType.objects.clear_cache()
    Locale.objects.get_or_create(language_code="nb")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="nb"))
        )
    root_page = Page.objects.get(depth=1)
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    root_collection = Collection.objects.get(depth=1)

    def permissions(app_label, *codenames):
        return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)

    media_permissions = [
        permissions(app_label, *(f"{action}_{model}" for action in ("add", "change", "choose")))
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    ]
    page_permissions = {
        "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "Editors": ["add_page", "change_page"],
    }
    for name, page_codenames in page_permissions.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *permissions("wagtailadmin", "access_admin"),
            *permissions("wagtailimages", *(f"{a}_image" for a in ACTIONS)),
            *permissions("wagtaildocs", *(f"{a}_document" for a in ACTIONS)),
        )
        for permission in (*media_permissions[0], *media_permissions[1]):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
        for permission in permissions("wagtailcore", *page_codenames):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
    if not Workflow.objects.exists():
        workflow = Workflow.objects.create(name="Moderators approval")
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.add(Group.objects.get(name="Moderators"))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=root_page)

    for migration, function in project_data_migrations():
        try:
            function(apps, None)
        except Exception as exc:
            raise RuntimeError(
                f"The browser tests replay the data migration {migration} with today's models "
                "(tests/browser/conftest.py) and it failed; make it work with the current models "
                "or teach restore_migration_data() what it creates."
            ) from exc
    cache.clear()


@pytest.fixture
def migrated_site(transactional_db):
    """The database as `migrate` leaves it: locales, root and home page, default site, faculties."""
    restore_migration_data()


@pytest.fixture
def demo_site(migrated_site, settings, tmp_path):
    """The demo site of `manage.py seed_demo`, in both languages, searchable (the test settings
    run Wagtail's search-index updates as immediate tasks, so pages are indexed as they are
    saved). About 2-3 s per test: the reason the browser tests are few and each checks a page
    thoroughly."""
    settings.VAR_DIR = tmp_path  # seed_demo writes the demo logins there
    call_command("seed_demo", members=20, stdout=io.StringIO())


@pytest.fixture
def site_url(live_server, demo_site):
    """The live server's base URL, with the demo site in its database."""
    return live_server.url


@pytest.fixture
def admin_url(live_server, migrated_site):
    """The live server's admin URL; the admin needs no demo content."""
    return live_server.url + "/admin/"


def assert_no_axe_violations(page):
    """Run axe-core (WCAG 2.1 A and AA) over the page as it is now; fail listing every violation
    with its rule id, help text and the elements concerned.

    axe is evaluated through Playwright rather than added with `page.add_script_tag`: the site's
    CSP (script-src 'self') blocks the inline script tag that add_script_tag creates, while
    evaluation through the DevTools protocol is not subject to the page's CSP. So the policy stays
    on for the rest of the test.

    Running CSS animations (Wagtail's admin messages fade in) are finished first: axe measures
    the colours a person sees once the page has settled, not a frame half-way through a fade."""
    page.evaluate("() => document.getAnimations().forEach((animation) => animation.finish())")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations = results["violations"]
    if violations:
        report = "\n".join(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            + "\n".join(
                "    " + " ".join(map(str, node["target"])) + "  " + node["html"][:160]
                for node in violation["nodes"]
            )
            for violation in violations
        )
        pytest.fail(
            f"axe-core {AXE_VERSION} found {len(violations)} WCAG 2.1 A/AA violation(s) on "
            f"{page.url}:\n{report}",
            pytrace=False,
        )
