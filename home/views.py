"""Views of the home app that are not pages: site search and robots.txt."""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from wagtail.models import Locale, Page

from .models.pages import exclude_planned_sections

MAX_QUERY_LENGTH = 1000  # SECURITY.md X4
# Words only: quotes, brackets and operators mean something to FTS5 and tsquery, and a stray one
# must not turn a visitor's search into a database error.
WORD = re.compile(r"\w[\w'.-]*", re.UNICODE)


def search_terms(query: str) -> str:
    """The words of a visitor's query, safe to hand to any search backend."""
    return " ".join(WORD.findall(query))


def specific_pages(pages) -> list[Page]:
    """The specific page objects of `pages`, in the same order, in one query per page type —
    `page.specific` on each would cost one query per result (SECURITY.md R2)."""
    pages = list(pages)
    found = Page.objects.filter(pk__in=[page.pk for page in pages]).specific()
    specific = {page.pk: page for page in found}
    return [specific.get(page.pk, page) for page in pages]


class SearchView(TemplateView):
    """Full-text search over the public pages of the active language."""

    template_name = "search/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        notice = ""
        if len(query) > MAX_QUERY_LENGTH:
            query = query[:MAX_QUERY_LENGTH]
            notice = _("Your search was shortened to %(count)s characters.") % {
                "count": MAX_QUERY_LENGTH
            }
        page_obj = None
        terms = search_terms(query)
        if terms:
            pages = exclude_planned_sections(
                Page.objects.live().public().filter(locale=Locale.get_active())
            )
            results = pages.search(terms, operator="and")
            page_obj = Paginator(results, settings.PAGE_SIZE).get_page(self.request.GET.get("page"))
            page_obj.object_list = specific_pages(page_obj.object_list)
        context.update(query=query, notice=notice, page_obj=page_obj, max_length=MAX_QUERY_LENGTH)
        return context


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "Disallow: /en/search/"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
