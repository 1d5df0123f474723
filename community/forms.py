"""Forms members fill in: their profile and its privacy, education, links, a claim, a search."""

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from home.reference_choices import campus_choices, faculty_choices, programme_choices
from home.widgets import FastSelect

from .models import (
    EducationRecord,
    Industry,
    InterestTag,
    Profile,
    ProfileLink,
    VerificationClaim,
    Visibility,
)
from .models.profiles import LANGUAGE_CHOICES
from .photos import process_photo

MAX_TAGS = 20


def split_tags(value: str) -> list[str]:
    names = []
    for part in value.split(","):
        name = " ".join(part.split())[:60]
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


class TagListField(forms.CharField):
    """Comma-separated free tags, at most MAX_TAGS of at most 60 characters."""

    def clean(self, value):
        value = super().clean(value)
        names = split_tags(value or "")
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(
                _("You can add at most %(count)s, separated by commas.") % {"count": MAX_TAGS},
                code="too_many",
            )
        return names


class ProfileForm(forms.ModelForm):
    skills_text = TagListField(
        label=_("Skills"),
        required=False,
        max_length=1500,
        help_text=_("Separate with commas, e.g. accounting, project management."),
    )
    curated_interests = forms.ModelMultipleChoiceField(
        label=_("Interests"),
        queryset=InterestTag.objects.filter(curated=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_interests = TagListField(
        label=_("Other interests"),
        required=False,
        max_length=1500,
        help_text=_("Anything not in the list, separated with commas."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "headline",
            "current_position",
            "employer",
            "industry",
            "city",
            "country",
            "bio",
            "languages",
            "open_to_mentoring",
            "listed_in_directory",
            "email_reminders",
            # issue 9 (crm): the member's choice to share with USN's CRM; unticked by default.
            "share_with_crm",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = self.instance
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        self.fields["city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["current_position"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["employer"].widget.attrs["autocomplete"] = "organization"
        if profile.pk:
            self.fields["skills_text"].initial = ", ".join(t.name for t in profile.skills.all())
            interests = list(profile.interests.all())
            self.fields["curated_interests"].initial = [t.pk for t in interests if t.curated]
            self.fields["other_interests"].initial = ", ".join(
                t.name for t in interests if not t.curated
            )

    def save(self, commit=True):
        if "share_with_crm" in self.changed_data:  # issue 9 (crm): when the choice changed
            self.instance.share_with_crm_changed_at = timezone.now()
        profile = super().save(commit=commit)
        profile.skills.set(self.cleaned_data["skills_text"])
        interests = list(self.cleaned_data["curated_interests"])
        curated_names = {tag.name.lower() for tag in interests}
        others = self.cleaned_data["other_interests"]
        interests += [name for name in others if name.lower() not in curated_names]
        profile.interests.set(interests)
        if commit:
            profile.save()
        return profile


class VisibilityForm(forms.ModelForm):
    """One choice per part of the profile: verified members, my faculty, or only me."""

    class Meta:
        model = Profile
        fields = [
            "photo_visibility",
            "headline_visibility",
            "education_visibility",
            "work_visibility",
            "industry_visibility",
            "location_visibility",
            "bio_visibility",
            "skills_visibility",
            "interests_visibility",
            "links_visibility",
            "languages_visibility",
            "mentoring_visibility",
            "groups_visibility",
        ]


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_photo(self):
        return process_photo(self.cleaned_data["photo"])


def use_cached_reference_choices(form):
    """Render faculty, programme and campus options from the reference-data cache: a profile form
    with several education records would otherwise query all three tables once per record.
    Validation still checks the chosen value against the database."""
    cached = {
        "faculty": faculty_choices,
        "programme": programme_choices,
        "campus": campus_choices,
    }
    for name, choices in cached.items():
        if name in form.fields:
            form.fields[name].choices = [("", "---------"), *choices()]


class EducationForm(forms.ModelForm):
    class Meta:
        model = EducationRecord
        fields = [
            "faculty",
            "programme",
            "programme_name",
            "campus",
            "degree_level",
            "graduation_year",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_cached_reference_choices(self)
        if self.instance.pk and self.instance.verified:
            # What the register or a coordinator confirmed is not the member's to change.
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        cleaned = super().clean()
        programme = cleaned.get("programme")
        faculty = cleaned.get("faculty")
        if programme and faculty and programme.faculty_id != faculty.pk:
            self.add_error("programme", _("This programme belongs to another faculty."))
        if not programme and not cleaned.get("programme_name"):
            self.add_error("programme", _("Choose a programme or write its name."))
        return cleaned


EducationFormSet = inlineformset_factory(
    Profile, EducationRecord, form=EducationForm, extra=1, max_num=10, can_delete=True
)
LinkFormSet = inlineformset_factory(
    Profile, ProfileLink, fields=["label", "url"], extra=1, max_num=8, can_delete=True
)


class ClaimForm(forms.ModelForm):
    class Meta:
        model = VerificationClaim
        fields = [
            "faculty",
            "programme",
            "programme_name",
            "graduation_year",
            "student_number",
            "message",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_cached_reference_choices(self)

    def clean(self):
        cleaned = super().clean()
        programme, faculty = cleaned.get("programme"), cleaned.get("faculty")
        if programme and faculty and programme.faculty_id != faculty.pk:
            self.add_error("programme", _("This programme belongs to another faculty."))
        if not programme and not cleaned.get("programme_name"):
            self.add_error("programme", _("Choose a programme or write its name."))
        return cleaned


def year_choices():
    return [("", "—")] + [(y, y) for y in range(timezone.now().year + 1, 1959, -1)]


DIRECTORY_QUERY_MAX_LENGTH = 1000  # SECURITY.md X4


class DirectoryForm(forms.Form):
    """The directory's search and filters. Every field is optional; bad values are ignored
    with a message rather than failing."""

    q = forms.CharField(
        label=_("Name, employer, position, skill or interest"),
        required=False,
        max_length=DIRECTORY_QUERY_MAX_LENGTH,
    )
    faculty = forms.TypedChoiceField(
        label=_("Faculty"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [("", "—"), *faculty_choices()],
        widget=FastSelect,
    )
    programme = forms.TypedChoiceField(
        label=_("Programme"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [("", "—"), *programme_choices()],
        widget=FastSelect,
    )
    year_from = forms.TypedChoiceField(
        label=_("Graduated from"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=year_choices,
        widget=FastSelect,
    )
    year_to = forms.TypedChoiceField(
        label=_("Graduated until"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=year_choices,
        widget=FastSelect,
    )
    campus = forms.TypedChoiceField(
        label=_("Campus"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [("", "—"), *campus_choices()],
        widget=FastSelect,
    )
    industry = forms.ChoiceField(
        label=_("Industry"),
        required=False,
        choices=[("", "—")] + list(Industry.choices),
        widget=FastSelect,
    )
    country = LazyTypedChoiceField(
        label=_("Country"),
        required=False,
        choices=[("", "—")] + list(countries),
        widget=FastSelect,
    )
    city = forms.CharField(label=_("City"), required=False, max_length=80)
    mentoring = forms.BooleanField(label=_("Open to mentoring"), required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            cleaned["year_from"], cleaned["year_to"] = end, start
        return cleaned


VISIBILITY_CHOICES = Visibility.choices
