"""The group directory's search and filters: every field optional, every value checked, so a
hand-made URL gets a clear message instead of an error page."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.reference_choices import faculty_choices
from home.widgets import FastSelect

from ..models import GroupKind, GroupTopic, InterestTag, Region

MAX_QUERY_LENGTH = 1000  # SECURITY.md X4


class GroupSize(models.TextChoices):
    """Sizes by member count; the bounds are in directory.SIZE_RANGES."""

    SMALL = "small", _("Under 10 members")
    MEDIUM = "medium", _("10–49 members")
    LARGE = "large", _("50–199 members")
    HUGE = "huge", _("200 members or more")


class GroupActivity(models.TextChoices):
    MONTH = "month", _("Active in the last 30 days")
    YEAR = "year", _("Active in the last year")
    QUIET = "quiet", _("Quiet for a month or more")


class GroupOrder(models.TextChoices):
    ACTIVITY = "activity", _("Latest activity")
    MEMBERS = "members", _("Most members")
    NAME = "name", _("Name")


def topic_choices():
    """The topics of the groups anyone may find, and the editors' vocabulary: one query. A
    hidden group's topics are left out, so the list says nothing about it."""
    used = GroupTopic.objects.exclude(content_object__kind=GroupKind.HIDDEN).values("tag_id")
    tags = InterestTag.objects.filter(models.Q(curated=True) | models.Q(pk__in=used))
    return [("", "—"), *tags.order_by("name").values_list("slug", "name")]


# The fields that narrow the list; `sort` and `page` only order and page it.
FILTER_FIELDS = ("q", "topic", "faculty", "region", "size", "activity", "archived")


class GroupDirectoryForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        help_text=_("Words in the name, description or topics."),
        required=False,
        max_length=MAX_QUERY_LENGTH,
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=FastSelect)
    faculty = forms.TypedChoiceField(
        label=_("Faculty"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: [("", "—"), *faculty_choices()],
        widget=FastSelect,
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", "—"), *Region.choices], widget=FastSelect
    )
    size = forms.ChoiceField(
        label=_("Size"),
        required=False,
        choices=[("", "—"), *GroupSize.choices],
        widget=FastSelect,
    )
    activity = forms.ChoiceField(
        label=_("Activity"),
        required=False,
        choices=[("", "—"), *GroupActivity.choices],
        widget=FastSelect,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=GroupOrder.choices,
        initial=GroupOrder.ACTIVITY,
        widget=FastSelect,
    )
    archived = forms.BooleanField(label=_("Include archived groups"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices()

    def filters(self) -> dict:
        """The values that passed validation (a bad one is left out and explained by the
        form's errors); empty when the form is unbound."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    @staticmethod
    def narrows(filters: dict) -> bool:
        return any(filters.get(name) for name in FILTER_FIELDS)
