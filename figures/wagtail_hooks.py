"""Admin registration of the figures: the menu item "Figures" for central staff and faculty
coordinators (figures.policy decides), and the dashboard's URLs."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import policy, urls


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.may_see_figures(request.user)


@hooks.register("register_admin_urls")
def register_figures_urls():
    return [path("figures/", include(urls, namespace="figures"))]


@hooks.register("register_admin_menu_item")
def register_figures_menu_item():
    return FiguresMenuItem(
        _("Figures"), reverse("figures:dashboard"), name="figures", icon_name="table", order=900
    )
