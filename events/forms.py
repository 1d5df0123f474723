"""Forms for events: registering (with the event's own questions), feedback, the list filters."""

import datetime
import re

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.reference_choices import campus_choices, faculty_choices

from .meetups import validate_meetup
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


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the time is Norwegian time (the site's zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class MeetupForm(forms.Form):
    """A group's moderators schedule or change a meetup. The rules (ends after it starts, starts
    in the future, a place or a link) are the meetup service's, shown at the fields."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What the meetup is about, in a few sentences (at most 600 characters). "
            "Plain text; links are made clickable."
        ),
    )
    start = forms.DateTimeField(
        label=_("Starts"), widget=LocalDateTimeInput, help_text=_("Norwegian time.")
    )
    end = forms.DateTimeField(
        label=_("Ends"), widget=LocalDateTimeInput, help_text=_("Norwegian time.")
    )
    attendance_mode = forms.ChoiceField(
        label=_("Where"),
        choices=AttendanceMode.choices,
        initial=AttendanceMode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=200,
        required=False,
        help_text=_("For example a café, an office or a meeting room."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Link to the online meeting"),
        max_length=200,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["https", "http"])],
        help_text=_("Shown only to registered participants."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={
            "min_value": _("Give at least 1 place, or leave the field empty for no limit.")
        },
        help_text=_("Leave empty for no limit. When the places are taken, a waitlist opens."),
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=LocalDateTimeInput,
        help_text=_(
            "Norwegian time; also the last moment to cancel. Leave empty to keep registration "
            "open until the meetup starts."
        ),
    )

    def __init__(self, *args, meetup=None, now=None, **kwargs):
        self.meetup = meetup
        self.now = now
        if meetup is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": meetup.title,
                "description": meetup.intro,
                "start": timezone.localtime(meetup.start),
                "end": timezone.localtime(meetup.end),
                "attendance_mode": meetup.attendance_mode,
                "venue": meetup.venue,
                "address": meetup.address,
                "online_url": meetup.online_url,
                "capacity": meetup.capacity,
                "registration_closes_at": (
                    timezone.localtime(meetup.registration_closes_at)
                    if meetup.registration_closes_at
                    else None
                ),
            }
        super().__init__(*args, **kwargs)
        self.fields["online_url"].widget.attrs["inputmode"] = "url"

    def clean(self):
        cleaned = super().clean()
        try:
            validate_meetup(cleaned, self.now, meetup=self.meetup)
        except forms.ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:  # one message a field is enough
                    self.add_error(field, messages)
        return cleaned

    def details(self) -> dict:
        """The cleaned data as the meetup service takes it."""
        return {name: self.cleaned_data.get(name) for name in self.fields}
