"""FormPage: surveys and contact forms built with Wagtail's form builder, with spam protection.

Spam protection is a honeypot field that people never see and a signed time stamp: a form sent back
with the honeypot filled in, without a valid stamp, or faster than FORM_MIN_SECONDS is refused with
a message and nothing is stored or mailed.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.search import index

HONEYPOT_FIELD = "usn_hp_homepage"
STARTED_FIELD = "usn_form_started"
STAMP_SALT = "home.FormPage.started"


class SpamProtectedForm(BaseForm):
    """The base of every FormPage form: checks the honeypot and the time stamp, then drops both."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[STARTED_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        if not self.is_bound:
            self.initial[STARTED_FIELD] = signing.dumps(time.time(), salt=STAMP_SALT)

    def clean(self):
        cleaned_data = super().clean()
        honeypot = cleaned_data.pop(HONEYPOT_FIELD, "")
        stamp = cleaned_data.pop(STARTED_FIELD, "")
        try:
            started = float(signing.loads(stamp, salt=STAMP_SALT, max_age=24 * 3600))
        except (signing.BadSignature, TypeError, ValueError):
            started = None
        if honeypot or started is None:
            raise forms.ValidationError(
                _("The form could not be sent. Please reload the page and try again."),
                code="spam",
            )
        if time.time() - started < settings.FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _("The form was sent very quickly. Please check your answers and send it again."),
                code="too_fast",
            )
        return cleaned_data

    @property
    def visible_fields_for_people(self):
        return [field for field in self if field.name not in (HONEYPOT_FIELD, STARTED_FIELD)]


class SpamProtectedFormBuilder(FormBuilder):
    def get_form_class(self):
        return type("WagtailForm", (SpamProtectedForm,), self.formfields)


class FormField(AbstractFormField):
    page = ParentalKey("home.FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractEmailForm):
    """A survey or contact form; submissions are stored and optionally mailed to staff."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    thank_you_text = models.TextField(
        _("thank-you text"),
        blank=True,
        default="",
        max_length=1000,
        help_text=_("Shown after someone sends the form."),
    )

    form_builder = SpamProtectedFormBuilder

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail to staff"),
        ),
    ]

    search_fields = AbstractEmailForm.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.FacultySectionPage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("form page")
