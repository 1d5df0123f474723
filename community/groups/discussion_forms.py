"""Forms for writing in a group's discussions and for the group moderators' decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import GroupReply, GroupThread
from ..moderation.service import GroupReportAction

TITLE_MAX_LENGTH = GroupThread._meta.get_field("title").max_length
BODY_MAX_LENGTH = GroupThread._meta.get_field("body").max_length
REPLY_MAX_LENGTH = GroupReply._meta.get_field("body").max_length


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        strip=True,
        error_messages={"required": _("Give the thread a title.")},
    )
    body = forms.CharField(
        label=_("Text"),
        help_text=_("Plain text. Links are made clickable."),
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write something before posting.")},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        help_text=_("Plain text. Links are made clickable."),
        max_length=REPLY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write something before posting.")},
    )


class GroupReportDecisionForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=GroupReportAction.choices)
    note = forms.CharField(
        label=_("Note for the other moderators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
