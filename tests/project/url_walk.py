"""Walk the URL resolver for the security matrix (tests/project/test_url_security.py) and the
stranger coverage test (C1): every pattern of ours, with its qualified name, route and arguments.

The Wagtail admin and documents are left out: the admin has its own, looser policy (SECURITY.md
S4) and its permissions are the coordinator matrix's subject (C3,
tests/project/test_coordinator_matrix.py, which walks admin/ with `_walk`)."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "documents/")

# Arguments that name an object (or stand for one, as a token does) rather than a choice of view.
OBJECT_ARGUMENTS = re.compile(r"^(pk|.*_pk|.*_id|token|key|uidb36|slug|code)$")


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, "community:conversation"; the view's dotted path when unnamed
    route: str  # the pattern text, prefixes joined
    arguments: tuple  # the names of its arguments
    lookup: str  # the view's dotted path

    @property
    def object_arguments(self) -> tuple:
        return tuple(arg for arg in self.arguments if OBJECT_ARGUMENTS.match(arg))


def _arguments(pattern) -> tuple:
    regex = pattern.pattern.regex
    return tuple(regex.groupindex)


def _walk(resolver, prefix="", namespace="", inherited=()):
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        arguments = inherited + _arguments(entry)
        if isinstance(entry, URLResolver):
            ns = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry, text, ns, arguments)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else entry.lookup_str
            yield Route(name, text, arguments, entry.lookup_str)


def our_routes() -> list[Route]:
    """Every pattern a request can reach, the admin and documents left out."""
    routes = [r for r in _walk(get_resolver()) if not r.route.startswith(SKIPPED_PREFIXES)]
    # A name may be reached by two patterns (mailgun's optional "_mime"); one is enough.
    unique = {}
    for route in routes:
        unique.setdefault(route.name, route)
    return list(unique.values())
