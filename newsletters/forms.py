"""Forms of the newsletters app: the public subscription form and the preference centre.

Topic boxes are never ticked in advance (SECURITY.md E3); the topics offered are passed in by the
view, so a posted id outside them is refused by the field rather than quietly subscribed.
"""

import unicodedata

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Topic


def offered_topics_for_user(user):
    """The active topics a member is offered: the whole university's and those of every faculty
    the member has an education record at."""
    from community.models import EducationRecord

    faculty_ids = EducationRecord.objects.filter(profile__user=user).values("faculty_id")
    return Topic.objects.active().filter(Q(faculty__isnull=True) | Q(faculty__in=faculty_ids))


def offered_topics_for(subscriber):
    """What the preference centre lists for `subscriber`: a member's offered topics (or the
    central ones for a person without an account), plus any topic they still hold a pending or
    active subscription to, so every consent can be withdrawn where it is shown."""
    if subscriber.user_id:
        offered = offered_topics_for_user(subscriber.user)
    else:
        offered = Topic.objects.active().filter(faculty__isnull=True)
    held = subscriber.subscriptions.exclude(status="withdrawn").values("topic_id")
    return Topic.objects.filter(Q(pk__in=offered.values("pk")) | Q(pk__in=held)).order_by(
        "sort_order", "name_nb"
    )


def reject_line_breaks(value: str) -> str:
    """X5: a name that could smuggle a header into a mail (line breaks, other control
    characters) is refused with a message, never silently cleaned."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise forms.ValidationError(
            _("The name cannot contain line breaks or other control characters."),
            code="header_injection",
        )
    return value


class TopicsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("label", _("Topics"))
        kwargs.setdefault("required", False)
        super().__init__(queryset, **kwargs)


class SubscribeForm(forms.Form):
    """Name, e-mail and topics for a person without an account; topics only for a member (their
    own address is used, never one typed into the form)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    topics = TopicsField(Topic.objects.none())

    def __init__(self, *args, topics, member=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics
        self.fields["topics"].required = True
        self.fields["topics"].error_messages["required"] = _("Choose at least one topic.")
        if member:
            del self.fields["name"]
            del self.fields["email"]

    def clean_name(self):
        return reject_line_breaks(self.cleaned_data["name"])

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def checked_ids(self) -> set[str]:
        """The ids of the boxes the person ticked (to show them again after an error)."""
        if not self.is_bound:
            return set()
        return {str(value) for value in self.data.getlist(self.add_prefix("topics"))}


class PreferencesForm(forms.Form):
    """One switch per offered topic: on means subscribed or waiting for confirmation."""

    topics = TopicsField(Topic.objects.none())

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics
