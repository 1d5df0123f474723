"""Forms for writing messages, starting conversations and the member's messaging settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Profile
from ..models.messaging import MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a message before sending.")},
    )


class NewConversationForm(MessageForm):
    recipients = forms.ModelMultipleChoiceField(
        label=_("To"),
        queryset=Profile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member to write to.")},
    )
    title = forms.CharField(
        label=_("Title (for a group conversation)"),
        max_length=120,
        required=False,
    )
    field_order = ["recipients", "title", "body"]

    def __init__(self, *args, recipient_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = recipient_choices
        self.fields["recipients"].label_from_instance = lambda profile: profile.display_name


class MessageSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search in your messages"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class MemberSearchForm(forms.Form):
    finn = forms.CharField(
        label=_("Find members by name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class MessagingSettingsForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["who_may_message"]
        widgets = {"who_may_message": forms.RadioSelect}
        help_texts = {
            "who_may_message": _(
                "Applies to new conversations and to replies in conversations between two. "
                "Moderators never read your messages unless a message is reported to them."
            ),
        }
