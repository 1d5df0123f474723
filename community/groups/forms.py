"""Forms for running a group: its details, asking to join, finding members to invite, and a
member's choice of notifications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home import rollout

from ..forms import split_tags
from ..models import Group, GroupMembership, InterestTag
from ..photos import process_cover

MAX_TOPICS = 8
NAME_MIN_LENGTH = 3
REQUEST_MESSAGE_MAX_LENGTH = 500
SEARCH_MAX_LENGTH = 100


class GroupForm(forms.ModelForm):
    """A group's name, description, cover, topics, links to a faculty, industry and region, and
    who may join. The view hands the cleaned data to the membership service (`group_fields`)."""

    curated_topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=InterestTag.objects.filter(curated=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members with these interests are shown the group as a suggestion."),
    )
    other_topics = forms.CharField(
        label=_("Other topics"),
        required=False,
        max_length=600,
        help_text=_("Anything not in the list, separated with commas. At most 8 topics in all."),
    )
    cover_upload = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Shown as a wide banner (3:1)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    class Meta:
        model = Group
        fields = ["name", "description", "kind", "faculty", "industry", "region"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "name": _("A short name that says what the group is about."),
            "description": _("What the group is for and who it is for. Links become clickable."),
            "kind": _(
                "Open groups' discussions can be read by every signed-in member; the others' "
                "only by their members. A hidden group is not listed in the group directory."
            ),
            "faculty": _("Optional: link the group to a faculty."),
            "industry": _("Optional."),
            "region": _("Optional: where the group meets."),
        }
        error_messages = {
            "name": {"required": _("Give the group a name.")},
            "description": {"required": _("Describe the group in a few sentences.")},
        }

    field_order = [
        "name",
        "description",
        "kind",
        "curated_topics",
        "other_topics",
        "faculty",
        "industry",
        "region",
        "cover_upload",
        "remove_cover",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["faculty"].empty_label = _("No faculty")
        if self.instance.pk:
            topics = list(self.instance.topics.all())
            self.fields["curated_topics"].initial = [t.pk for t in topics if t.curated]
            self.fields["other_topics"].initial = ", ".join(t.name for t in topics if not t.curated)
        if not (self.instance.pk and self.instance.cover):
            del self.fields["remove_cover"]

    def clean_faculty(self):
        faculty = self.cleaned_data.get("faculty")
        # A group already linked keeps its faculty; a new link needs groups switched on there.
        changed = not self.instance.pk or "faculty" in self.changed_data
        if faculty is not None and changed and not rollout.feature_enabled(faculty, "groups"):
            raise forms.ValidationError(
                _(
                    "%(faculty)s does not have groups on the alumni site yet. Choose another "
                    "faculty or no faculty."
                )
                % {"faculty": faculty.name},
                code="groups_off",
            )
        return faculty

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < NAME_MIN_LENGTH:
            raise forms.ValidationError(
                _("The name needs at least %(count)s characters.") % {"count": NAME_MIN_LENGTH}
            )
        return name

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if not description:
            raise forms.ValidationError(_("Describe the group in a few sentences."))
        return description

    def clean_other_topics(self):
        names = split_tags(self.cleaned_data.get("other_topics") or "")
        too_long = [name for name in names if len(name) > 50]
        if too_long:
            raise forms.ValidationError(_("A topic can have at most 50 characters."))
        return names

    def clean_cover_upload(self):
        upload = self.cleaned_data.get("cover_upload")
        return process_cover(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        curated = list(cleaned.get("curated_topics") or [])
        known = {tag.name.lower() for tag in curated}
        others = [n for n in cleaned.get("other_topics") or [] if n.lower() not in known]
        if len(curated) + len(others) > MAX_TOPICS:
            self.add_error(
                "other_topics",
                _("Choose at most %(count)s topics in all.") % {"count": MAX_TOPICS},
            )
        cleaned["topics"] = curated + others
        return cleaned

    def group_fields(self) -> dict:
        """What the membership service's create_group / update_group take."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self._meta.fields}
        fields["topics"] = data["topics"]
        fields["cover"] = data.get("cover_upload")
        return fields


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the moderators (optional)"),
        help_text=_("For example what you work with, or why you would like to join."),
        required=False,
        max_length=REQUEST_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InviteSearchForm(forms.Form):
    finn = forms.CharField(
        label=_("Find members by name"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class NotificationChoiceForm(forms.ModelForm):
    class Meta:
        model = GroupMembership
        fields = ["notify"]
        widgets = {"notify": forms.RadioSelect}
        labels = {"notify": _("Tell me about new threads")}
        help_texts = {
            "notify": _("Replies to your own threads follow your general notification settings."),
        }
