"""Who sees which figures (SECURITY.md C3); every figures view asks this module.

Central staff (superusers and holders of `figures.view_all_figures`: the editors, and the
communications group where there is one) see every faculty side by side and the whole
university's total. A faculty coordinator sees the faculties they coordinate, and nothing else:
another faculty's figures and exports are a 403. Everybody else sees no figures at all.
"""

from home.coordinators import coordinated_faculties
from home.models import Faculty

TOTAL_SCOPE = "usn"  # the whole university in URLs


def sees_all(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("figures.view_all_figures"))


def visible_faculties(user) -> list[Faculty]:
    """The faculties whose figures `user` may see, in the faculties' order: one query, kept on
    the user object for the rest of the request (the menu asks too)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_figures_faculties", None)
    if cached is None:
        faculties = Faculty.objects.all() if sees_all(user) else coordinated_faculties(user)
        cached = user._figures_faculties = list(faculties.order_by("sort_order", "code"))
    return cached


def may_see_figures(user) -> bool:
    """The menu item and the dashboard: central staff and coordinators."""
    return bool(visible_faculties(user))
