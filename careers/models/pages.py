"""Career guidance and continuing-education course offers as Wagtail pages, central and per
faculty section. Topics are the members' interest tags, so "recommended for you" can match them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from community.models import InterestTag
from home.blocks import BodyStreamBlock
from home.models import Faculty, FacultySectionPage
from home.models.pages import SectionAwarePageManager

IMAGE_MODEL = "wagtailimages.Image"


class FacultyFromSectionMixin:
    """A page under a faculty section belongs to that faculty unless the editor chose one."""

    def save(self, *args, **kwargs):
        if self.faculty_id is None and self.path:
            section = FacultySectionPage.objects.ancestor_of(self).first()
            if section is not None:
                self.faculty_id = section.faculty_id
        return super().save(*args, **kwargs)


class CareersIndexPage(Page):
    """Career guidance: articles and recorded webinars of what it stands under."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.FacultySectionPage"]
    subpage_types = ["careers.CareerArticlePage"]

    class Meta:
        verbose_name = _("careers index")
        verbose_name_plural = _("careers indexes")


class CareerArticleTopic(TaggedItemBase):
    tag = models.ForeignKey(
        InterestTag, on_delete=models.CASCADE, related_name="tagged_career_articles"
    )
    content_object = ParentalKey(
        "careers.CareerArticlePage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("Guidance article")
    WEBINAR = "webinar", _("Recorded webinar")


class CareerArticlePage(FacultyFromSectionMixin, Page):
    """A guidance article, or a recorded webinar (an embed in the body)."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=ArticleKind.choices, default=ArticleKind.ARTICLE
    )
    intro = models.TextField(_("introduction"), max_length=600)
    image = models.ForeignKey(
        IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("image alternative text"), max_length=250, blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)
    topics = ClusterTaggableManager(
        through=CareerArticleTopic, blank=True, verbose_name=_("topics")
    )
    faculty = models.ForeignKey(
        Faculty,
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="career_articles",
        help_text=_("Left empty, the faculty of the section the page is in."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("topics"),
        FieldPanel("faculty"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("faculty_id"),
    ]

    parent_page_types = ["careers.CareersIndexPage"]
    subpage_types = []

    objects = SectionAwarePageManager()

    class Meta:
        verbose_name = _("career article")
        verbose_name_plural = _("career articles")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for screen readers.")})


class CourseOfferIndexPage(Page):
    """Continuing-education course offers of what it stands under."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.FacultySectionPage"]
    subpage_types = ["careers.CourseOfferPage"]

    class Meta:
        verbose_name = _("course offer index")
        verbose_name_plural = _("course offer indexes")


class CourseOfferTopic(TaggedItemBase):
    tag = models.ForeignKey(
        InterestTag, on_delete=models.CASCADE, related_name="tagged_course_offers"
    )
    content_object = ParentalKey(
        "careers.CourseOfferPage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class CourseFormat(models.TextChoices):
    CAMPUS = "campus", _("On campus")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Online with campus sessions")


class CourseOfferPage(FacultyFromSectionMixin, Page):
    """A continuing-education (EVU) course alumni can apply for."""

    intro = models.TextField(_("introduction"), max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)
    topics = ClusterTaggableManager(through=CourseOfferTopic, blank=True, verbose_name=_("topics"))
    faculty = models.ForeignKey(
        Faculty,
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_offers",
        help_text=_("Left empty, the faculty of the section the page is in."),
    )
    course_format = models.CharField(
        _("format"), max_length=10, choices=CourseFormat.choices, default=CourseFormat.BLENDED
    )
    start_date = models.DateField(_("starts"), null=True, blank=True)
    credits = models.DecimalField(
        _("credits (ECTS)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    price = models.CharField(_("price"), max_length=100, blank=True)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    apply_url = models.URLField(_("link to apply"), max_length=500, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("faculty"),
                FieldPanel("topics"),
                FieldRowPanel([FieldPanel("course_format"), FieldPanel("credits")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("application_deadline")]),
                FieldRowPanel([FieldPanel("price"), FieldPanel("apply_url")]),
            ],
            heading=_("The course"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("faculty_id"),
        index.FilterField("course_format"),
        index.FilterField("start_date"),
        index.FilterField("application_deadline"),
    ]

    parent_page_types = ["careers.CourseOfferIndexPage"]
    subpage_types = []

    objects = SectionAwarePageManager()

    class Meta:
        verbose_name = _("course offer")
        verbose_name_plural = _("course offers")

    def clean(self):
        super().clean()
        if self.credits is not None and self.credits < 0:
            raise ValidationError({"credits": _("Credits cannot be negative.")})
