"""Campaigns: marketing mail authored in the Wagtail admin as a snippet with drafts, revisions,
preview and a workflow (a coordinator drafts, communications approves), sent to the subscribers of
its topics, narrowed by faculty, programme, graduation years, interests, country and language.

What is sent, and when, is content and lives in revisions; the sending itself (state, times,
counts) lives in `CampaignSend`, outside the revisions, so publishing an old revision can never
undo a send.
"""

import uuid

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from django_countries.fields import CountryField

from community.models import InterestTag
from home.blocks import CallToActionBlock, HeadingBlock, ImageBlock, ParagraphBlock, QuoteBlock
from home.models import Faculty, Programme

from .topics import Topic


class CampaignBodyBlock(blocks.StreamBlock):
    """The site's own blocks that make sense in a mail (no video, no accordion)."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()


class AudienceLanguage(models.TextChoices):
    ALL = "", _("All languages")
    NB = "nb", _("Norwegian")
    EN = "en", _("English")


class CampaignQuerySet(models.QuerySet):
    def for_coordinator(self, user):
        """What `user` may see in the admin: everything for central staff, else the campaigns of
        the faculties they coordinate (SECURITY.md C3)."""
        from home.coordinators import coordinated_faculties

        if user.is_superuser or user.has_perm("newsletters.publish_campaign"):
            return self
        return self.filter(faculty__in=coordinated_faculties(user))


class Campaign(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel
):
    title = models.CharField(
        _("internal name"), max_length=150, help_text=_("Seen only in the admin and reports.")
    )
    faculty = models.ForeignKey(
        Faculty,
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        help_text=_(
            "Only members with a degree from this faculty receive it. "
            "Coordinators must choose their own faculty."
        ),
    )
    topics = ParentalManyToManyField(
        Topic,
        verbose_name=_("topics"),
        related_name="campaigns",
        help_text=_("Sent only to people who have consented to at least one of these topics."),
    )
    # Audience narrowing; empty means "no restriction".
    programmes = ParentalManyToManyField(
        Programme, verbose_name=_("programmes"), blank=True, related_name="+"
    )
    graduation_year_from = models.PositiveSmallIntegerField(
        _("graduated from year"), null=True, blank=True
    )
    graduation_year_to = models.PositiveSmallIntegerField(
        _("graduated until year"), null=True, blank=True
    )
    interests = ParentalManyToManyField(
        InterestTag, verbose_name=_("interests"), blank=True, related_name="+"
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    language = models.CharField(
        _("language of the recipients"), max_length=2, choices=AudienceLanguage.choices, blank=True
    )

    subject_nb = models.CharField(_("subject (Norwegian)"), max_length=150)
    preheader_nb = models.CharField(
        _("preview text (Norwegian)"),
        max_length=150,
        blank=True,
        help_text=_("The line mail programs show after the subject."),
    )
    body_nb = StreamField(CampaignBodyBlock(), verbose_name=_("content (Norwegian)"))
    subject_en = models.CharField(
        _("subject (English)"),
        max_length=150,
        blank=True,
        help_text=_("Without an English version, English-speaking recipients get the Norwegian."),
    )
    preheader_en = models.CharField(_("preview text (English)"), max_length=150, blank=True)
    body_en = StreamField(
        CampaignBodyBlock(), verbose_name=_("content (English)"), blank=True, default=list
    )

    send_at = models.DateTimeField(
        _("send at"),
        null=True,
        blank=True,
        help_text=_("Sent at this time once approved; empty means as soon as it is approved."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="campaign")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="campaign",
        for_concrete_model=False,
    )

    objects = CampaignQuerySet.as_manager()

    audience_panels = [
        # Plain lists: the snippet chooser would offer every faculty and topic (C3).
        FieldPanel("faculty", widget=forms.Select),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("programmes"),
                FieldPanel("graduation_year_from"),
                FieldPanel("graduation_year_to"),
                FieldPanel("interests"),
                FieldPanel("countries"),
                FieldPanel("language"),
            ],
            heading=_("Narrow the audience"),
        ),
    ]
    content_panels = [
        FieldPanel("title"),
        FieldPanel("subject_nb"),
        FieldPanel("preheader_nb"),
        FieldPanel("body_nb"),
        MultiFieldPanel(
            [FieldPanel("subject_en"), FieldPanel("preheader_en"), FieldPanel("body_en")],
            heading=_("English version"),
        ),
    ]
    schedule_panels = [FieldPanel("send_at")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(audience_panels, heading=_("Audience")),
            ObjectList(schedule_panels, heading=_("Schedule")),
        ]
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]
        permissions = [("publish_campaign", "Can approve and publish campaigns")]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        low, high = self.graduation_year_from, self.graduation_year_to
        if low and high and low > high:
            raise ValidationError(
                {"graduation_year_to": _("The last year cannot be before the first.")}
            )

    def subject_for(self, language: str) -> str:
        return self.subject_en if language == "en" and self.subject_en else self.subject_nb

    def has_english(self) -> bool:
        return bool(self.subject_en and self.body_en)

    def language_for(self, language: str) -> str:
        """The language a recipient who reads `language` gets: theirs if written, else Norwegian."""
        return "en" if language == "en" and self.has_english() else "nb"

    @property
    def subject(self):
        return self.subject_for((get_language() or "nb")[:2])

    def get_preview_template(self, request, mode_name):
        return "newsletters/mail/campaign_preview.html"

    def get_preview_context(self, request, mode_name):
        from ..rendering import render_campaign

        language = mode_name or "nb"
        return {"campaign": self, "rendered": render_campaign(self, language, preview=True)}

    @property
    def preview_modes(self):
        return [("nb", _("Norwegian")), ("en", _("English"))]

    @property
    def default_preview_mode(self):
        return "nb"

    @property
    def sending(self):
        """The CampaignSend, or None before sending starts."""
        try:
            return self.send
        except CampaignSend.DoesNotExist:
            return None

    def is_editable(self) -> bool:
        """Content can change until sending starts."""
        return self.sending is None or self.sending.state == SendState.SCHEDULED


class SendState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class CampaignSend(models.Model):
    """The sending of one campaign: made when its audience is frozen into delivery rows."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="send"
    )
    state = models.CharField(_("state"), max_length=10, choices=SendState.choices)
    audience_count = models.PositiveIntegerField(_("audience"), default=0)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign sending")
        verbose_name_plural = _("campaign sendings")

    def __str__(self):
        return f"{self.campaign} ({self.get_state_display()})"


class CampaignLink(models.Model):
    """A link in a campaign, sent as a first-party redirect that counts clicks and records no
    person (no tracking pixels, DESIGN.md §5)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="links"
    )
    url = models.URLField(_("address"), max_length=2000)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("campaign link")
        verbose_name_plural = _("campaign links")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "url"], name="newsletters_one_link_per_url")
        ]

    def __str__(self):
        return self.url


@register_setting(icon="mail")
class MailSettings(BaseGenericSetting):
    """Marketing-mail restraint, set by administrators."""

    marketing_cap = models.PositiveSmallIntegerField(
        _("marketing mails per member in 30 days"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("A member who has had this many campaign mails in 30 days is skipped."),
    )

    panels = [FieldPanel("marketing_cap")]

    class Meta:
        verbose_name = _("marketing mail")
