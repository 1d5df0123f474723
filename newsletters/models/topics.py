"""Topics members consent to, each with the text shown when consenting and that text's version.

The text a person agreed to must be provable later (SECURITY.md E2), so a topic's consent text is
never edited in place: changing it on the topic writes a new `ConsentText` with the next version,
and every ledger entry points at the exact `ConsentText` shown.
"""

from django.db import models, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from home.models import Faculty


class TopicKind(models.TextChoices):
    CONTINUING_EDUCATION = "evu", _("Continuing education")
    EVENTS = "events", _("Events")
    CAREERS = "careers", _("Careers")
    NEWS = "news", _("News")


class TopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_faculty(self, faculty):
        """Topics a member of `faculty` is offered: the central ones and that faculty's."""
        return self.active().filter(models.Q(faculty__isnull=True) | models.Q(faculty=faculty))


class Topic(models.Model):
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_nb = models.CharField(_("name (Norwegian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_nb = models.TextField(_("description (Norwegian)"), max_length=500, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=500, blank=True)
    consent_text_nb = models.TextField(
        _("consent text (Norwegian)"),
        max_length=1000,
        help_text=_("Shown beside the box a person ticks. Changing it starts a new version."),
    )
    consent_text_en = models.TextField(_("consent text (English)"), max_length=1000)
    consent_version = models.PositiveIntegerField(
        _("consent text version"), default=0, editable=False
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TopicKind.choices)
    faculty = models.ForeignKey(
        Faculty,
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="newsletter_topics",
        help_text=_("Leave empty for a topic of the whole university."),
    )
    is_active = models.BooleanField(
        _("offered"), default=True, help_text=_("Inactive topics are no longer offered.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter topic")
        verbose_name_plural = _("newsletter topics")
        ordering = ["sort_order", "name_nb"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            current = self.consent_texts.filter(version=self.consent_version).first()
            if current is None or (current.text_nb, current.text_en) != (
                self.consent_text_nb,
                self.consent_text_en,
            ):
                self.consent_version += 1
                ConsentText.objects.create(
                    topic=self,
                    version=self.consent_version,
                    text_nb=self.consent_text_nb,
                    text_en=self.consent_text_en,
                )
                Topic.objects.filter(pk=self.pk).update(consent_version=self.consent_version)

    @property
    def name(self):
        return self.name_en if (get_language() or "nb").startswith("en") else self.name_nb

    @property
    def description(self):
        english = (get_language() or "nb").startswith("en")
        return (self.description_en if english else self.description_nb) or self.description_nb

    @property
    def consent_text(self):
        return (
            self.consent_text_en
            if (get_language() or "nb").startswith("en")
            else self.consent_text_nb
        )

    def current_consent_text(self) -> "ConsentText":
        """The ConsentText of the current version (what a form shows now)."""
        return self.consent_texts.get(version=self.consent_version)


class ConsentText(models.Model):
    """One version of a topic's consent text, exactly as shown; never changed after creation."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="consent_texts"
    )
    version = models.PositiveIntegerField(_("version"))
    text_nb = models.TextField(_("text (Norwegian)"))
    text_en = models.TextField(_("text (English)"))
    created_at = models.DateTimeField(_("in use from"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["topic", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "version"], name="newsletters_one_text_per_version"
            )
        ]

    def __str__(self):
        return f"{self.topic} v{self.version}"

    @property
    def text(self):
        return self.text_en if (get_language() or "nb").startswith("en") else self.text_nb
