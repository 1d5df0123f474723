"""Forms of the mentoring pages: the mentor offer, the mentor search, a request, the mentor's
answer, the closing feedback and a programme application. Each explains what is wrong."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import Industry, InterestTag
from home.reference_choices import faculty_choices
from home.widgets import FastSelect

from ..models import MentoringFormat, MentorProfile, MentorshipFeedback, ProgrammeApplication
from . import policy

MAX_TOPICS = 10
SEARCH_MAX_LENGTH = 1000  # SECURITY.md X4
TEXT_MAX_LENGTH = 2000


class MentorOfferForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=InterestTag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Up to 10. Mentees can search for them."),
    )
    capacity = forms.IntegerField(
        label=_("Mentees at a time"),
        min_value=1,
        max_value=10,
        initial=1,
        help_text=_("Between 1 and 10. When you have this many, you are not offered to others."),
    )

    class Meta:
        model = MentorProfile
        fields = ["about", "topics", "capacity", "offers_one_off", "offers_term", "active"]
        widgets = {"about": forms.Textarea(attrs={"rows": 6})}
        labels = {
            "offers_one_off": _("Mentor for a day: one conversation"),
            "offers_term": _("A term: regular meetings over some months"),
            "active": _("I am taking requests"),
        }
        help_texts = {
            "about": _(
                "Your experience and what a mentee can ask you about. Shown to alumni and "
                "students looking for a mentor."
            ),
            "active": _("Untick to pause: you are no longer offered, and nothing else changes."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own_interests = InterestTag.objects.filter(tagged_profiles__content_object__user=user)
        choices = Q(curated=True) | Q(pk__in=own_interests.values("pk"))
        if self.instance.pk:
            choices |= Q(pk__in=self.instance.topics.values("pk"))
        self.fields["topics"].queryset = InterestTag.objects.filter(choices).order_by("name")
        self.fields["about"].max_length = TEXT_MAX_LENGTH

    def clean_topics(self):
        topics = self.cleaned_data["topics"]
        if len(topics) > MAX_TOPICS:
            raise forms.ValidationError(
                _("Choose at most %(count)d topics.") % {"count": MAX_TOPICS}, code="too_many"
            )
        return topics

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("offers_one_off") and not cleaned.get("offers_term"):
            raise forms.ValidationError(
                _("Choose at least one way to mentor: a one-off conversation or a term."),
                code="no_format",
            )
        return cleaned


class MentorSearchForm(forms.Form):
    """Every field is optional; a bad value is reported and the list shown without it."""

    q = forms.CharField(
        label=_("Name, topic or what they can help with"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=InterestTag.objects.none(), required=False, empty_label="—"
    )
    industry = forms.ChoiceField(
        label=_("Industry"),
        required=False,
        choices=[("", "—"), *Industry.choices],
        widget=FastSelect,
    )
    faculty = forms.TypedChoiceField(
        label=_("Studied at"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [("", "—"), *faculty_choices()],
        widget=FastSelect,
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", "—"), *MentoringFormat.choices]
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics


class MentoringRequestForm(forms.Form):
    format = forms.ChoiceField(
        label=_("What would you like?"), choices=MentoringFormat.choices, widget=forms.RadioSelect
    )
    purpose = forms.CharField(
        label=_("What would you like help with?"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences about you and what you hope to get out of it."),
        error_messages={"required": _("Tell the mentor what you would like help with.")},
    )

    def __init__(self, *args, offer: MentorProfile, **kwargs):
        super().__init__(*args, **kwargs)
        offered = [
            (value, label)
            for value, label in MentoringFormat.choices
            if policy.offers_format(offer, value)
        ]
        self.fields["format"].choices = offered
        if len(offered) == 1:
            self.fields["format"].initial = offered[0][0]


class AcceptRequestForm(forms.Form):
    agreed_end = forms.DateField(
        label=_("Agreed end"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, e.g. 2026-06-30.")},
    )

    def __init__(self, *args, mentoring_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentoring_request = mentoring_request
        today = timezone.localdate()
        earliest, latest = policy.agreed_end_bounds(mentoring_request.format, today)
        field = self.fields["agreed_end"]
        field.widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())
        if mentoring_request.format == MentoringFormat.ONE_OFF:
            field.help_text = _("When you will have had the conversation, within 30 days.")
            field.initial = today + (latest - today) // 2
        else:
            field.help_text = _("The term lasts from one to twelve months.")
            field.initial = policy.add_months(today, 6)

    def clean_agreed_end(self):
        agreed_end = self.cleaned_data["agreed_end"]
        error = policy.agreed_end_error(self.mentoring_request.format, agreed_end)
        if error:
            raise forms.ValidationError(error, code="out_of_range")
        return agreed_end


class DeclineRequestForm(forms.Form):
    note = forms.CharField(
        label=_("A note for the mentee (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


RATING_CHOICES = [
    (5, _("5 – very good")),
    (4, _("4 – good")),
    (3, _("3 – fair")),
    (2, _("2 – poor")),
    (1, _("1 – very poor")),
]


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("How was the mentorship?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )

    class Meta:
        model = MentorshipFeedback
        fields = ["rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}
        labels = {"comment": _("Anything you would like to add (optional)")}
        help_texts = {
            "comment": _("Read only by the mentoring coordinators. The other side does not see it.")
        }


class ProgrammeApplicationForm(forms.ModelForm):
    class Meta:
        model = ProgrammeApplication
        fields = ["role", "motivation"]
        widgets = {
            "role": forms.RadioSelect,
            "motivation": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"role": _("I apply as"), "motivation": _("Why do you want to take part?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = ProgrammeApplication.Role.choices
