"""Career guidance and continuing-education course offers as Wagtail pages, central and per
faculty section. Topics are the members' interest tags, so "recommended for you" can match them."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.search import index

from community.models import InterestTag
from home.blocks import BodyStreamBlock
from home.models import Faculty, FacultySectionPage
from home.models.pages import SectionAwarePageManager, SectionAwareQuerySet
from usn_alumni.page_cache import seconds_until_local_midnight

IMAGE_MODEL = "wagtailimages.Image"
PAGE_SIZE = 12
CARD_IMAGE = "fill-480x270"  # the rendition the cards show, prefetched with the list


class FacultyFromSectionMixin:
    """A page under a faculty section belongs to that faculty unless the editor chose one."""

    def save(self, *args, **kwargs):
        if self.faculty_id is None and self.path:
            section = FacultySectionPage.objects.ancestor_of(self).first()
            if section is not None:
                self.faculty_id = section.faculty_id
        return super().save(*args, **kwargs)


def pages_in_scope(index_page, queryset):
    """The live, public pages of `queryset` in an index's scope: its parent and everything below
    it (the whole site under the home page, one faculty under its section). Sections that have
    not launched are left out, unless the index itself stands in one (its coordinators and
    editors preview it there)."""
    from home.models.pages import is_in_planned_section

    parent_path = index_page.path[: -index_page.steplen]  # the parent's path, without a query
    pages = (
        queryset.live().public().filter(path__startswith=parent_path, depth__gt=index_page.depth)
    )
    if not is_in_planned_section(index_page):
        pages = pages.exclude_planned_sections()
    return pages


def stands_in_a_section(index_page) -> bool:
    """Is the index a faculty section's own (then filtering by faculty makes no sense)?"""
    return FacultySectionPage.objects.filter(path=index_page.path[: -index_page.steplen]).exists()


def card_images():
    """The card images with their renditions, in two queries for any number of cards."""
    return models.Prefetch(
        "image", queryset=get_image_model().objects.prefetch_renditions(CARD_IMAGE)
    )


def paginate(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


class CareersIndexPage(Page):
    """Career guidance: articles and recorded webinars of what it stands under."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.FacultySectionPage"]
    subpage_types = ["careers.CareerArticlePage"]

    objects = SectionAwarePageManager()

    class Meta:
        verbose_name = _("careers index")
        verbose_name_plural = _("careers indexes")

    def articles(self):
        """The live, public articles and webinars of this index's scope, newest first."""
        return pages_in_scope(self, CareerArticlePage.objects.all()).order_by(
            "-first_published_at", "-pk"
        )

    def get_context(self, request, *args, **kwargs):
        from ..filters import CareerArticleFilterForm

        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        topics = InterestTag.objects.filter(
            tagged_career_articles__content_object__in=articles.order_by().values("pk")
        )
        form = CareerArticleFilterForm(
            request.GET or None,
            topics=topics.distinct().order_by("name").values_list("slug", "name"),
            with_faculty=not stands_in_a_section(self),
        )
        filters = form.cleaned_filters()
        if filters["topic"]:
            articles = articles.filter(tagged_topics__tag__slug=filters["topic"])
        if filters["kind"]:
            articles = articles.filter(kind=filters["kind"])
        if filters["faculty"]:
            articles = articles.filter(faculty_id=filters["faculty"])
        articles = articles.select_related("faculty").prefetch_related(card_images())
        context.update(
            filter_form=form,
            filtered=any(filters.values()),
            query_prefix=form.query_prefix(),
            page_obj=paginate(request, articles),
        )
        return context


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
        index.RelatedFields("topics", [index.SearchField("name")]),
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

    def related_articles(self, topic_ids, limit=3):
        """Other articles of the same index, those sharing most topics first, then the newest."""
        shared = (
            CareerArticleTopic.objects.filter(content_object=OuterRef("pk"), tag_id__in=topic_ids)
            .order_by()
            .values("content_object")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            CareerArticlePage.objects.live()
            .public()
            .sibling_of(self, inclusive=False)
            .annotate(
                shared_topics=Coalesce(Subquery(shared, output_field=IntegerField()), Value(0))
            )
            .order_by("-shared_topics", "-first_published_at", "-pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = list(self.topics.all())
        context.update(
            topics=topics,
            related_articles=self.related_articles([topic.pk for topic in topics]),
        )
        return context


class CourseOfferIndexPage(Page):
    """Continuing-education course offers of what it stands under."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.FacultySectionPage"]
    subpage_types = ["careers.CourseOfferPage"]

    objects = SectionAwarePageManager()

    class Meta:
        verbose_name = _("course offer index")
        verbose_name_plural = _("course offer indexes")

    def anonymous_cache_seconds(self) -> int:
        """Kept in the anonymous page cache (usn_alumni.page_cache) only until midnight: which
        offers are current and whether applications are open change with the date."""
        return seconds_until_local_midnight()

    def course_offers(self, today=None):
        """The live, public, current offers of this index's scope, the soonest start first."""
        return pages_in_scope(self, CourseOfferPage.objects.all()).current(today).by_start_date()

    def get_context(self, request, *args, **kwargs):
        from ..filters import CourseOfferFilterForm

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        offers = self.course_offers(today)
        topics = InterestTag.objects.filter(
            tagged_course_offers__content_object__in=offers.order_by().values("pk")
        )
        form = CourseOfferFilterForm(
            request.GET or None,
            topics=topics.distinct().order_by("name").values_list("slug", "name"),
            with_faculty=not stands_in_a_section(self),
        )
        filters = form.cleaned_filters()
        if filters["topic"]:
            offers = offers.filter(tagged_topics__tag__slug=filters["topic"])
        if filters["faculty"]:
            offers = offers.filter(faculty_id=filters["faculty"])
        if filters["course_format"]:
            offers = offers.filter(course_format=filters["course_format"])
        if filters["open"]:
            offers = offers.open_for_application(today)
        context.update(
            filter_form=form,
            filtered=any(filters.values()),
            query_prefix=form.query_prefix(),
            page_obj=paginate(request, offers.select_related("faculty")),
            today=today,
        )
        return context


class CourseOfferTopic(TaggedItemBase):
    tag = models.ForeignKey(
        InterestTag, on_delete=models.CASCADE, related_name="tagged_course_offers"
    )
    content_object = ParentalKey(
        "careers.CourseOfferPage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class CourseOfferQuerySet(SectionAwareQuerySet):
    def open_for_application(self, today=None):
        """Offers whose application deadline has not passed (no deadline: open until filled)."""
        today = today or timezone.localdate()
        return self.filter(
            Q(application_deadline__isnull=True) | Q(application_deadline__gte=today)
        )

    def current(self, today=None):
        """Offers still worth showing: not started yet, or still taking applications."""
        today = today or timezone.localdate()
        return self.filter(
            Q(start_date__isnull=True)
            | Q(start_date__gte=today)
            | Q(application_deadline__gte=today)
        )

    def by_start_date(self):
        return self.order_by(F("start_date").asc(nulls_last=True), "title", "pk")


class CourseOfferPageManager(PageManager.from_queryset(CourseOfferQuerySet)):
    pass


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
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("faculty_id"),
        index.FilterField("course_format"),
        index.FilterField("start_date"),
        index.FilterField("application_deadline"),
    ]

    parent_page_types = ["careers.CourseOfferIndexPage"]
    subpage_types = []

    objects = CourseOfferPageManager()

    class Meta:
        verbose_name = _("course offer")
        verbose_name_plural = _("course offers")

    def anonymous_cache_seconds(self) -> int:
        """Kept in the anonymous page cache (usn_alumni.page_cache) only until midnight: which
        offers are current and whether applications are open change with the date."""
        return seconds_until_local_midnight()

    def clean(self):
        super().clean()
        errors = {}
        if self.credits is not None and self.credits < 0:
            errors["credits"] = _("Credits cannot be negative.")
        if (
            self.start_date
            and self.application_deadline
            and self.application_deadline > self.start_date
        ):
            errors["application_deadline"] = _(
                "The application deadline cannot be after the start."
            )
        if errors:
            raise ValidationError(errors)

    def application_is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.application_deadline is None or self.application_deadline >= today

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(topics=list(self.topics.all()), application_open=self.application_is_open())
        return context
