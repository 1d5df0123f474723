"""The rollout switches: which member features each faculty offers yet (issue 10).

Each faculty section page carries a switch per feature, set centrally (the permission
`home.set_section_launch`, like its launch state). A feature is on for a faculty unless one of the
faculty's sections (in any language) has it switched off; a faculty without a section, and the
whole university (no faculty), have every feature on, which is how the site behaved before the
switches existed.

The answer is cached with the site chrome (home.menus): any page save or publish makes it stale,
so asking costs no query once the cache is warm, however often a request asks.
"""

from .menus import cached_chrome, chrome_key

FEATURES = ("events", "groups", "mentoring", "job_board", "campaigns")


def _switched_off() -> dict:
    """{"faculties": {faculty id: [features off]}, "paths": [(section path, [features off])]}."""
    from .models import FacultySectionPage

    def build():
        faculties: dict[int, set] = {}
        paths = []
        fields = [f"{feature}_enabled" for feature in FEATURES]
        for row in FacultySectionPage.objects.order_by("path").values(
            "path", "faculty_id", *fields
        ):
            off = sorted(feature for feature in FEATURES if not row[f"{feature}_enabled"])
            if off:
                faculties.setdefault(row["faculty_id"], set()).update(off)
                paths.append((row["path"], off))
        return {
            "faculties": {faculty: sorted(off) for faculty, off in faculties.items()},
            "paths": paths,
        }

    return cached_chrome(chrome_key("rollout-switches"), build)


def _check(feature: str) -> None:
    if feature not in FEATURES:
        raise ValueError(f"Unknown rollout feature {feature!r}; one of {FEATURES}.")


def feature_enabled(faculty, feature: str) -> bool:
    """Is `feature` (one of FEATURES) on for `faculty` (a Faculty, its id, or None for the whole
    university)?"""
    _check(feature)
    if faculty is None:
        return True
    faculty_id = getattr(faculty, "pk", faculty)
    return feature not in _switched_off()["faculties"].get(faculty_id, ())


def feature_enabled_for_page(page, feature: str) -> bool:
    """Is `feature` on for the section `page` is in (True for a page outside every section)?"""
    _check(feature)
    return not any(
        page.path.startswith(path) and feature in off for path, off in _switched_off()["paths"]
    )


def faculties_without(feature: str) -> list[int]:
    """The ids of the faculties that have `feature` switched off."""
    _check(feature)
    return [faculty for faculty, off in _switched_off()["faculties"].items() if feature in off]
