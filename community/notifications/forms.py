"""The notification settings form: one radio group per kind of notification."""

from django import forms
from django.db import transaction

from ..models import Frequency, NotificationKind, NotificationSetting


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        kwargs["initial"] = NotificationSetting.objects.for_user(user)
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Frequency.choices, widget=forms.RadioSelect
            )

    @transaction.atomic
    def save(self):
        for kind in NotificationKind.values:
            NotificationSetting.objects.update_or_create(
                user=self.user, kind=kind, defaults={"frequency": self.cleaned_data[kind]}
            )
