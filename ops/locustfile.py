"""Simulated visitors and members for the load run (`make loadtest`, SECURITY.md R1).

Run by ops/loadtest.py (`locust -f ops/locustfile.py --headless …`); another runner (the fault
test) can import the user classes. The members sign in through the real allauth form, search the
directory, read profiles, their inbox and conversations (with the htmx poll), reply (the real
form, with its CSRF token), register for events and cancel some, and read groups; visitors read
the public pages. Everything is found by following links, as a person would.

Every write is put in a ledger before it is sent and marked acknowledged when the site answered
as it should (a redirect, and the page after it showing the result). The runner reads the ledger
(LOADTEST_LEDGER, written when the run stops) and checks the database against it (ops/acks.py).

Environment: LOADTEST_ACCOUNTS (JSON file: [{"email": …}, …]), LOADTEST_PASSWORD, LOADTEST_RUN_ID
(the marker in every message), LOADTEST_LEDGER (where to write the ledger).
Each request carries its name in the header X-Load-Name, so the runner can read the server's own
time per request type from gunicorn's access log.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, events, task

from ops.html_forms import find_form, links

RUN_ID = os.environ.get("LOADTEST_RUN_ID", "local")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
LEDGER: list[dict] = []
_accounts: list[dict] = []
_next_account = itertools.count()

# What members type into the directory search: names, employers, skills and places of the demo data.
SEARCHES = [
    "Hansen",
    "Johansen",
    "Berg",
    "Larsen",
    "Nilsen",
    "Olsen",
    "regnskap",
    "økonomi",
    "sykepleier",
    "ingeniør",
    "lærer",
    "Equinor",
    "DNB",
    "Kongsberg",
    "Drammen",
    "ledelse",
    "prosjektledelse",
    "markedsføring",
]
MESSAGE_TEXTS = [
    "Takk for sist! Skal vi ta en kaffe neste uke?",
    "Så du stillingsannonsen jeg nevnte? Fristen er på fredag.",
    "Hei, jeg blir med på alumnitreffet. Ses der!",
    "Thanks for the tip about the course, I signed up.",
    "Har du tid til en prat om mentorordningen?",
]
MARKER = re.compile(r"\[lt:([\w-]+):(\d+):(\d+)\]")


def message_marker(user_no: int, seq: int) -> str:
    """The unique tag in a message's text that ties the stored row to its ledger entry."""
    return f"[lt:{RUN_ID}:{user_no}:{seq}]"


def load_accounts() -> list[dict]:
    if not _accounts and os.environ.get("LOADTEST_ACCOUNTS"):
        _accounts.extend(json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text()))
    return _accounts


@events.test_stop.add_listener
def write_ledger(**_kwargs):
    path = os.environ.get("LOADTEST_LEDGER")
    if path:
        Path(path).write_text(json.dumps(LEDGER, ensure_ascii=False))


class SiteUser(FastHttpUser):
    """Shared by visitors and members: named requests, checked answers."""

    abstract = True
    wait_time = between(1, 3)

    def fetch(self, path, name, *, htmx=False, expect=200):
        """GET a page; anything but `expect` counts as an error. Returns the body or ""."""
        headers = {"X-Load-Name": name}
        if htmx:
            headers["HX-Request"] = "true"
        with self.client.get(
            path, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{path}: {response.status_code}, expected {expect}")
                return ""
            response.success()
            return response.text or ""

    def submit(self, path, name, fields, *, referer):
        """POST a form as a browser does (the CSRF token is among `fields`); the response is
        returned unjudged: the caller decides what counts as acknowledged."""
        return self.client.post(
            path,
            name=name,
            data=fields,
            headers={"X-Load-Name": name, "Referer": self.host + referer},
            allow_redirects=False,
            catch_response=True,
        )

    def browse_event(self, index):
        """The event list and one of its events; returns (event path, page body)."""
        listing = self.fetch(index, "event list")
        choices = links(listing, re.escape(index) + r"[a-z0-9-]+/")
        if not choices:
            return None, ""
        path = random.choice(choices)
        return path, self.fetch(path, "event page")


class VisitorUser(SiteUser):
    """Someone not signed in: the home page, the pilot faculty's section, news and events."""

    weight = 1

    @task(4)
    def home(self):
        self.fetch("/", "home")

    @task(2)
    def faculty_section(self):
        self.fetch("/hh/", "faculty section")

    @task(3)
    def news(self):
        listing = self.fetch("/nyheter/", "news list")
        stories = links(listing, r"/nyheter/[a-z0-9-]+/")
        if stories:
            self.fetch(random.choice(stories), "news page")

    @task(3)
    def event_list(self):
        self.browse_event("/arrangementer/")


class MemberUser(SiteUser):
    """A verified member with conversations, signed in through the allauth form."""

    weight = 3

    def on_start(self):
        accounts = load_accounts()
        self.user_no = next(_next_account)
        self.email = accounts[self.user_no % len(accounts)]["email"]
        self.seq = 0
        self.conversations: list[str] = []
        self.profiles: list[str] = []
        self.signed_in = False
        self.log_in()
        # Members sign in mostly to answer a message or to sign up for something: each starts
        # with one of each, so even a short run has writes to check.
        self.inbox()
        self.send_message()
        self.sign_up_for_something()

    def log_in(self):
        page = self.fetch("/konto/login/", "login page")
        form = find_form(page, "/konto/login/")
        if form is None:
            return
        fields = form["fields"] | {"login": self.email, "password": PASSWORD}
        with self.submit("/konto/login/", "login", fields, referer="/konto/login/") as response:
            if response.status_code == 302 and "/medlemmer/" in response.headers.get(
                "Location", ""
            ):
                response.success()
                self.signed_in = True
            else:
                response.failure(f"login: {response.status_code}")
        if self.signed_in:
            self.fetch("/medlemmer/", "dashboard")

    @task(4)
    def directory_search(self):
        if not self.signed_in:
            return
        query = random.choice(SEARCHES)
        page = self.fetch(f"/medlemmer/katalog/?q={query}", "directory search")
        self.profiles = links(page, r"/medlemmer/profil/\d+/") or self.profiles

    @task(3)
    def profile(self):
        if self.signed_in and self.profiles:
            self.fetch(random.choice(self.profiles), "profile")

    @task(4)
    def inbox(self):
        if not self.signed_in:
            return
        page = self.fetch("/medlemmer/meldinger/", "inbox")
        self.conversations = links(page, r"/medlemmer/meldinger/\d+/") or self.conversations
        self.fetch("/medlemmer/varsler/antall/", "header badges poll", htmx=True)

    @task(4)
    def read_conversation(self):
        if not self.signed_in or not self.conversations:
            return
        path = random.choice(self.conversations)
        page = self.fetch(path, "conversation")
        latest = re.search(r"\?etter=(\d+)", page)
        if latest:
            poll = f"{path}nye/?etter={latest.group(1)}"
            self.fetch(poll, "conversation poll", htmx=True)

    @task(3)
    def send_message(self):
        if not self.signed_in or not self.conversations:
            return
        path = random.choice(self.conversations)
        page = self.fetch(path, "conversation")
        form = find_form(page, "")
        if form is None or "body" not in form["fields"]:
            return  # the member may not write here (left, blocked, suspended)
        self.seq += 1
        marker = message_marker(self.user_no, self.seq)
        entry = {"kind": "message", "marker": marker, "conversation": path, "acked": False}
        LEDGER.append(entry)
        fields = form["fields"] | {"body": f"{random.choice(MESSAGE_TEXTS)} {marker}"}
        with self.submit(path, "send message", fields, referer=path) as response:
            location = response.headers.get("Location", "")
            if response.status_code == 302 and location.startswith(path):
                entry["acked"] = True
                response.success()
            else:
                response.failure(f"send message: {response.status_code}")

    @task(2)
    def register_for_event(self):
        if not self.signed_in:
            return
        path, page = self.browse_event("/arrangementer/")
        if not path:
            return
        cancel_form = find_form(page, path + "avmeld/")
        if cancel_form is not None:
            if random.random() < 0.5:
                self.change_registration(path, "cancel", "avmeld/", cancel_form)
            return
        form = find_form(page, path + "registrer/")
        if form is not None:
            for name in form["textareas"]:
                form["fields"][name] = form["fields"][name] or "Gleder meg."
            self.change_registration(path, "register", "registrer/", form)

    def sign_up_for_something(self):
        """Look through the events until one takes a registration (or shows this member's, which
        they then cancel)."""
        listing = self.fetch("/arrangementer/", "event list")
        choices = links(listing, r"/arrangementer/[a-z0-9-]+/")
        random.shuffle(choices)
        for path in choices:
            page = self.fetch(path, "event page")
            form = find_form(page, path + "registrer/")
            if form is not None:
                for name in form["textareas"]:
                    form["fields"][name] = form["fields"][name] or "Gleder meg."
                self.change_registration(path, "register", "registrer/", form)
                return
            cancel_form = find_form(page, path + "avmeld/")
            if cancel_form is not None:
                self.change_registration(path, "cancel", "avmeld/", cancel_form)
                return

    def change_registration(self, path, action, route, form):
        """POST the registration or cancellation; acknowledged when the site redirects back to
        the event and the event page then shows the new state."""
        entry = {
            "kind": "registration",
            "action": action,
            "email": self.email,
            "event": path,
            "acked": False,
        }
        LEDGER.append(entry)
        name = "register for event" if action == "register" else "cancel registration"
        with self.submit(path + route, name, form["fields"], referer=path) as response:
            if response.status_code != 302 or response.headers.get("Location", "") != path:
                response.failure(f"{name}: {response.status_code}")
                return
            response.success()
        after = self.fetch(path, "event page")
        registered = find_form(after, path + "avmeld/") is not None
        if registered == (action == "register"):
            entry["acked"] = True
        else:
            self.environment.events.request.fire(
                request_type="CHECK",
                name=f"{name}: shown on the event page",
                response_time=0,
                response_length=0,
                exception=AssertionError(f"{path}: the page does not show the {action}"),
                context={},
            )

    @task(2)
    def groups(self):
        if not self.signed_in:
            return
        listing = self.fetch("/medlemmer/grupper/", "group list")
        choices = links(listing, r"/medlemmer/grupper/\d+/")
        if choices:
            self.fetch(random.choice(choices), "group page")

    @task(1)
    def visitor_pages(self):
        self.fetch("/", "home")
