"""Letting higher apps put their page types under home's pages without `home` importing them.

`home` stands below the feature apps (DESIGN.md §3), so HomePage and FacultySectionPage cannot
name, say, `events.EventIndexPage` in their own `subpage_types`. A feature app calls
`allow_subpage_type` from its AppConfig.ready() instead.
"""


def allow_subpage_type(parent_model, page_type: str) -> None:
    """Add `page_type` ("app_label.ModelName") to `parent_model.subpage_types`; idempotent."""
    current = list(getattr(parent_model, "subpage_types", None) or [])
    if page_type not in current:
        parent_model.subpage_types = [*current, page_type]
    # Wagtail caches the resolved list on first use; forget it so the new type counts.
    parent_model._clean_subpage_models = None
