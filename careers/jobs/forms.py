"""Forms of the job board: a posting (members on the site, editors in the admin), the job list's
search and filters, saving that search as a job alert."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import InterestTag
from home import rollout
from home.models import Faculty, Programme
from home.reference_choices import faculty_choices
from home.widgets import FastSelect

from ..models import JobPosting, JobType, WorkPlace
from .service import OSLO

MAX_QUERY_LENGTH = 1000  # SECURITY.md X4


class ProgrammeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, programme):
        return f"{programme.name} ({programme.faculty.code})"


def https_links(db_field, **kwargs):
    """Links without a scheme are taken as https (and only https is accepted)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class JobPostingForm(forms.ModelForm):
    """A job or internship. At least one way to apply; a link must be https."""

    topics = forms.ModelMultipleChoiceField(
        label=_("Fields"),
        queryset=InterestTag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members who follow these fields find the posting more easily."),
    )
    faculties = forms.ModelMultipleChoiceField(
        label=_("Relevant faculties"),
        queryset=Faculty.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The faculty's coordinators may review the posting."),
    )
    programmes = ProgrammeChoiceField(
        label=_("Relevant study programmes"),
        queryset=Programme.objects.select_related("faculty"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JobPosting
        formfield_callback = https_links
        fields = [
            "title",
            "employer",
            "location",
            "workplace",
            "job_type",
            "description",
            "topics",
            "faculties",
            "programmes",
            "deadline",
            "apply_url",
            "apply_email",
            "visible_to_visitors",
        ]
        labels = {
            "title": _("Job title"),
            "location": _("Place of work"),
            "workplace": _("On site, hybrid or remote"),
            "job_type": _("Type of position"),
            "visible_to_visitors": _("Show the posting to visitors who are not signed in"),
        }
        help_texts = {
            "location": _("Town or address; leave empty for a fully remote job."),
            "description": _("Plain text; links are made clickable."),
            "deadline": _(
                "The posting closes after this day, and at most 60 days after it is published."
            ),
            "apply_url": _("A link starting with https://"),
            "apply_email": _("Give a link, an e-mail address or both."),
            "visible_to_visitors": _("Otherwise only signed-in members see it."),
        }
        widgets = {
            "workplace": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 12}),
            "apply_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        curated = InterestTag.objects.filter(curated=True)
        if self.instance.pk:
            # a field that is no longer curated stays on the postings that have it
            curated = curated | InterestTag.objects.filter(job_postings=self.instance)
        self.fields["topics"].queryset = curated.distinct().order_by("name")
        self.fields["job_type"].choices = [("", "—"), *JobType.choices]
        self.fields["employer"].widget.attrs["autocomplete"] = "organization"
        self.fields["apply_email"].widget.attrs["autocomplete"] = "email"

    def clean_apply_url(self):
        url = self.cleaned_data["apply_url"].strip()
        if url and not url.lower().startswith("https://"):
            raise forms.ValidationError(
                _("Use a secure link that starts with https://."), code="not_https"
            )
        return url

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        today = timezone.localtime(timezone.now(), OSLO).date()
        if deadline and deadline < today and "deadline" in self.changed_data:
            raise forms.ValidationError(
                _("The deadline cannot be in the past."), code="past_deadline"
            )
        return deadline

    def clean_faculties(self):
        faculties = self.cleaned_data["faculties"]
        # A posting must reach somebody: naming only faculties without the job board is refused
        # (naming none is fine: then it is for every faculty).
        if faculties and not any(
            rollout.feature_enabled(faculty, "job_board") for faculty in faculties
        ):
            raise forms.ValidationError(
                _(
                    "The job board is not open for the faculties you chose yet. Choose another "
                    "faculty, or none to reach every faculty."
                ),
                code="job_board_off",
            )
        return faculties

    def clean(self):
        cleaned = super().clean()
        if (
            "apply_url" in cleaned
            and "apply_email" in cleaned
            and not cleaned["apply_url"]
            and not cleaned["apply_email"]
        ):
            raise forms.ValidationError(
                _("Say how to apply: give a link, an e-mail address or both."),
                code="no_way_to_apply",
            )
        return cleaned

    def relations(self) -> dict:
        """The many-to-many choices, for the service to set after saving."""
        return {
            "topics": self.cleaned_data["topics"],
            "faculties": self.cleaned_data["faculties"],
            "programmes": self.cleaned_data["programmes"],
        }


def topic_choices():
    return [("", "—"), *InterestTag.objects.filter(curated=True).values_list("pk", "name")]


class JobSearchForm(forms.Form):
    """The job list's search and filters; every field optional. A field with a bad value is left
    out of the search and explained, the others still apply."""

    q = forms.CharField(
        label=_("Search title, employer and description"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Postings that contain every word you give."),
    )
    job_type = forms.ChoiceField(
        label=_("Type of position"),
        required=False,
        choices=[("", "—"), *JobType.choices],
    )
    workplace = forms.ChoiceField(
        label=_("On site, hybrid or remote"),
        required=False,
        choices=[("", "—"), *WorkPlace.choices],
    )
    topic = forms.TypedChoiceField(
        label=_("Field"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=topic_choices,
        widget=FastSelect,
    )
    faculty = forms.TypedChoiceField(
        label=_("Relevant for faculty"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [("", "—"), *faculty_choices()],
        widget=FastSelect,
    )
    location = forms.CharField(label=_("Place"), required=False, max_length=150)

    FIELDS = ("q", "job_type", "workplace", "topic", "faculty", "location")

    def query(self) -> dict:
        """The valid, non-empty values, as a saved search stores them (call after
        `is_valid()`)."""
        cleaned = getattr(self, "cleaned_data", {})
        query = {}
        for name in self.FIELDS:
            value = cleaned.get(name)
            if isinstance(value, str):
                value = " ".join(value.split())
            if value not in (None, ""):
                query[name] = value
        return query


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the job alert"),
        max_length=100,
        help_text=_("For example “Finance jobs in Vestfold”."),
    )
