"""Forms for events: registering (with the event's own questions), feedback, the list filters."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.reference_choices import campus_choices, faculty_choices

from .models import AttendanceMode, EventFeedback, QuestionKind
from .models.pages import SEARCH_MAX_LENGTH


class SearchInput(forms.TextInput):
    input_type = "search"


class MonthInput(forms.TextInput):
    input_type = "month"


class RegistrationForm(forms.Form):
    """Guests and the event's questions; a visitor also gives a name and an e-mail address.

    Answers are stored with the question's wording at the time, so a later edit of the question
    does not change what people answered."""

    visitor_name = forms.CharField(label=_("Your name"), max_length=200)
    visitor_email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    guests = forms.IntegerField(label=_("Guests you bring"), required=False, min_value=0, initial=0)

    def __init__(self, event, *args, visitor=False, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.questions = list(event.questions.all()) if questions is None else questions
        if not visitor:
            del self.fields["visitor_name"]
            del self.fields["visitor_email"]
        else:
            self.fields["visitor_name"].widget.attrs["autocomplete"] = "name"
            self.fields["visitor_email"].widget.attrs["autocomplete"] = "email"
        if event.guests_allowed:
            self.fields["guests"] = forms.IntegerField(
                label=_("Guests you bring"),
                required=False,
                min_value=0,
                max_value=event.guests_allowed,
                initial=0,
                help_text=_("At most %(count)s.") % {"count": event.guests_allowed},
            )
        else:
            del self.fields["guests"]
        for question in self.questions:
            self.fields[self.field_name(question)] = self.question_field(question)

    @staticmethod
    def field_name(question) -> str:
        return f"question_{question.pk}"

    @staticmethod
    def question_field(question):
        label = question.label
        if question.kind == QuestionKind.CHOICE:
            return forms.ChoiceField(
                label=label,
                required=question.required,
                choices=[(choice, choice) for choice in question.choice_list()],
                widget=forms.RadioSelect,
            )
        if question.kind == QuestionKind.CHECKBOX:
            return forms.BooleanField(label=label, required=question.required)
        return forms.CharField(
            label=label,
            required=question.required,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def answers(self) -> list[dict]:
        return [
            {
                "question": question.pk,
                "label": question.label,
                "answer": self.cleaned_data.get(self.field_name(question)),
            }
            for question in self.questions
        ]


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("How was the event?"),
        choices=[
            (5, _("5 – Very good")),
            (4, _("4 – Good")),
            (3, _("3 – All right")),
            (2, _("2 – Poor")),
            (1, _("1 – Very poor")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = EventFeedback
        fields = ["rating", "comment"]
        labels = {"comment": _("Anything you would like to tell the organisers? (optional)")}
        widgets = {"comment": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class EventFilterForm(forms.Form):
    """The event list's filters. Anything that does not validate is simply not applied."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH, widget=SearchInput
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Upcoming")), ("past", _("Past"))],
    )
    faculty = forms.ChoiceField(label=_("Faculty"), required=False)
    campus = forms.ChoiceField(label=_("Campus"), required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        help_text=_("Year and month, e.g. 2026-09."),
        widget=MonthInput,
    )
    mode = forms.ChoiceField(
        label=_("Online or in person"),
        required=False,
        choices=[
            ("", _("Either")),
            ("in_person", AttendanceMode.IN_PERSON.label),
            ("online", AttendanceMode.ONLINE.label),
        ],
    )
    topic = forms.SlugField(label=_("Topic"), required=False, max_length=100)

    FIELDS = ("q", "when", "faculty", "campus", "month", "mode", "topic")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Cached reference choices: the filters cost no query.
        self.fields["faculty"].choices = [("", _("All faculties"))] + [
            (str(pk), name) for pk, name in faculty_choices()
        ]
        self.fields["campus"].choices = [("", _("All campuses"))] + [
            (str(pk), name) for pk, name in campus_choices()
        ]
        self.fields["q"].widget.attrs["maxlength"] = SEARCH_MAX_LENGTH

    def clean_month(self):
        value = self.cleaned_data.get("month", "")
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match:
            raise forms.ValidationError(_("Give the month as year and month, e.g. 2026-09."))
        year, month = int(match.group(1)), int(match.group(2))
        if not (1 <= month <= 12 and 1900 < year < 3000):
            raise forms.ValidationError(_("Give the month as year and month, e.g. 2026-09."))
        start = timezone.make_aware(datetime.datetime(year, month, 1))
        end = timezone.make_aware(datetime.datetime(year + (month == 12), month % 12 + 1, 1))
        return start, end

    def cleaned_filters(self) -> dict:
        """Every filter, with the value the visitor gave if it is valid, else empty."""
        filters = dict.fromkeys(self.FIELDS, "")
        filters["month"] = None
        if not self.is_bound:
            return filters
        self.is_valid()
        for name in self.FIELDS:
            if name in getattr(self, "cleaned_data", {}) and name not in self.errors:
                filters[name] = self.cleaned_data[name] or filters[name]
        filters["q"] = (filters["q"] or "").strip()[:SEARCH_MAX_LENGTH]
        return filters

    def query_prefix(self) -> str:
        """The active filters as a query string prefix for the pagination links."""
        from urllib.parse import urlencode

        if not self.is_bound:
            return ""
        pairs = [
            (name, self.data.get(name, "")[:SEARCH_MAX_LENGTH])
            for name in self.FIELDS
            if self.data.get(name) and name not in self.errors
        ]
        return urlencode(pairs) + "&" if pairs else ""
