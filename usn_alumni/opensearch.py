"""Wagtail's OpenSearch 3 backend, imported around a clash of module names.

opensearch-py imports `from events import Events`, meaning the small PyPI package "Events" (one of
its dependencies). Our own app is also called `events` and comes first on the path, so a plain
import of opensearch-py fails with "cannot import name 'Events' from 'events'". This module loads
the PyPI package under that name only while opensearch-py is being imported, then puts our app
back; opensearch-py keeps its reference to the class. Settings name this module as the search
backend (WAGTAILSEARCH_BACKENDS, when OPENSEARCH_URL is set).
"""

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _import_opensearchpy() -> None:
    if "opensearchpy" in sys.modules:
        return
    elsewhere = [entry for entry in sys.path if Path(entry or ".").resolve() != PROJECT_DIR]
    spec = importlib.machinery.PathFinder.find_spec("events", elsewhere)
    if spec is None or spec.loader is None:
        raise ImportError("opensearch-py needs the PyPI package 'Events', which is not installed")
    before = {name: mod for name, mod in sys.modules.items() if name.split(".")[0] == "events"}
    for name in before:
        del sys.modules[name]
    package = importlib.util.module_from_spec(spec)
    sys.modules["events"] = package
    try:
        spec.loader.exec_module(package)
        import opensearchpy  # noqa: F401
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] == "events"]:
            del sys.modules[name]
        sys.modules.update(before)


_import_opensearchpy()

from wagtail.search.backends.opensearch3 import *  # noqa: E402, F403
from wagtail.search.backends.opensearch3 import SearchBackend  # noqa: E402

__all__ = ["SearchBackend"]
