"""The filters of the career guidance and course offer lists. A value that does not validate (an
old link, a hand-edited address) is shown as an error on its field and simply not applied."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from home.reference_choices import faculty_choices

from .models import CourseFormat
from .models.pages import ArticleKind

MAX_PARAMETER_LENGTH = 100  # a slug or a code; nothing longer is echoed back in links


class ListFilterForm(forms.Form):
    """Shared by both lists: the topics on offer come from the pages listed, the faculties from
    the cached reference choices (no query), and a section's own list has no faculty filter."""

    FIELDS: tuple[str, ...] = ()

    def __init__(self, data=None, *, topics=(), with_faculty=True):
        super().__init__(data)
        self.fields["topic"].choices = [("", _("All topics")), *topics]
        if with_faculty:
            self.fields["faculty"].choices = [("", _("All faculties"))] + [
                (str(pk), name) for pk, name in faculty_choices()
            ]
        else:
            del self.fields["faculty"]

    def cleaned_filters(self) -> dict:
        """Every filter, with the value given if it is valid, else empty."""
        filters = dict.fromkeys(self.FIELDS, "")
        if not self.is_bound:
            return filters
        self.is_valid()
        for name in self.FIELDS:
            if name in self.fields and name in self.cleaned_data and name not in self.errors:
                filters[name] = self.cleaned_data[name] or ""
        return filters

    def query_prefix(self) -> str:
        """The valid filters as a query string prefix for the pagination links."""
        if not self.is_bound:
            return ""
        filters = self.cleaned_filters()
        pairs = [
            (name, self.data.get(name, "")[:MAX_PARAMETER_LENGTH])
            for name in self.FIELDS
            if filters[name]
        ]
        return urlencode(pairs) + "&" if pairs else ""


class CareerArticleFilterForm(ListFilterForm):
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    kind = forms.ChoiceField(
        label=_("Articles or webinars"),
        required=False,
        choices=[("", _("Both"))] + ArticleKind.choices,
    )
    faculty = forms.ChoiceField(label=_("Faculty"), required=False)

    FIELDS = ("topic", "kind", "faculty")


class CourseOfferFilterForm(ListFilterForm):
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    faculty = forms.ChoiceField(label=_("Faculty"), required=False)
    course_format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format"))] + CourseFormat.choices
    )
    open = forms.BooleanField(label=_("Only courses still open for application"), required=False)

    FIELDS = ("topic", "faculty", "course_format", "open")
