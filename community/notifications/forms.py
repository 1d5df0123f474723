"""The notification settings form: one radio group per kind of notification."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..members import ensure_profile
from ..models import Frequency, NotificationKind, NotificationSetting


class NotificationSettingsForm(forms.Form):
    """How each kind reaches the member by mail, and whether message mail may quote the text."""

    private_notifications = forms.BooleanField(
        label=_("Private notifications"),
        help_text=_("Leave the text of messages out of notification e-mails."),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.profile = ensure_profile(user)
        kwargs["initial"] = {
            **NotificationSetting.objects.for_user(user),
            "private_notifications": self.profile.private_notifications,
        }
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Frequency.choices, widget=forms.RadioSelect
            )
        self.order_fields([*NotificationKind.values, "private_notifications"])

    @transaction.atomic
    def save(self):
        for kind in NotificationKind.values:
            NotificationSetting.objects.update_or_create(
                user=self.user, kind=kind, defaults={"frequency": self.cleaned_data[kind]}
            )
        self.profile.private_notifications = self.cleaned_data["private_notifications"]
        self.profile.save(update_fields=["private_notifications"])
