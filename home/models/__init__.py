"""Site content: reference data, page types and site settings. Re-exported for `home.models.X`."""

from .forms import FormField, FormPage
from .pages import (
    FacultySectionPage,
    HomePage,
    LaunchState,
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    StandardPage,
)
from .reference import Campus, DegreeLevel, Faculty, Programme
from .site_settings import SiteSettings

__all__ = [
    "Campus",
    "DegreeLevel",
    "Faculty",
    "FacultySectionPage",
    "FormField",
    "FormPage",
    "HomePage",
    "LaunchState",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "Programme",
    "SiteSettings",
    "StandardPage",
]
