"""The content page types: the home page, faculty sections, standard pages and news."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..blocks import BodyStreamBlock
from ..menus import cached_chrome, chrome_key
from .reference import Faculty

IMAGE_MODEL = "wagtailimages.Image"


class HomePage(Page):
    """The site's front page; one per language."""

    hero_title = models.CharField(_("hero title"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True, max_length=400)
    hero_image = models.ForeignKey(
        IMAGE_MODEL,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(_("hero image alternative text"), max_length=250, blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.FacultySectionPage",
        "home.StandardPage",
        "home.NewsIndexPage",
        "home.FormPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = FacultySectionPage.objects.visible_sections(self.locale_id)
        context["latest_news"] = (
            NewsPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .exclude_planned_sections()
            .select_related("image")
            .order_by("-date", "-pk")[:3]
        )
        return context

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the hero image for screen readers.")}
            )


class LaunchState(models.TextChoices):
    PLANNED = "planned", _("Planned (hidden from the public)")
    PILOT = "pilot", _("Pilot")
    LIVE = "live", _("Live")


def planned_section_paths() -> tuple[str, ...]:
    """The tree paths of the sections that have not launched, cached with the site chrome (any
    page save, publish or move makes them stale; see home.signals)."""
    return cached_chrome(
        chrome_key("planned-section-paths"),
        lambda: tuple(
            FacultySectionPage.objects.filter(launch_state=LaunchState.PLANNED)
            .order_by("path")
            .values_list("path", flat=True)
        ),
    )


def restricted_page_paths() -> tuple[tuple[str, int], ...]:
    """The (path, depth) of every page with a view restriction, cached with the site chrome
    (restrictions saved or deleted, and pages moved, make them stale; see home.signals)."""
    return cached_chrome(
        chrome_key("restricted-page-paths"),
        lambda: tuple(
            PageViewRestriction.objects.order_by("page__path").values_list(
                "page__path", "page__depth"
            )
        ),
    )


def is_in_planned_section(page) -> bool:
    return any(page.path.startswith(path) for path in planned_section_paths())


def exclude_planned_sections(queryset):
    """Leave out of any page queryset everything in or under a section that has not launched."""
    for path in planned_section_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


class SectionAwareQuerySet(PageQuerySet):
    def exclude_planned_sections(self):
        return exclude_planned_sections(self)

    def private_q(self):
        """Wagtail's, from the cached restricted paths instead of a query per `.public()`."""
        q = Q()
        for path, depth in restricted_page_paths():
            q |= Q(path__startswith=path) & Q(depth__gte=depth)
        return q if q else Q(pk__in=[])


class SectionAwarePageManager(PageManager.from_queryset(SectionAwareQuerySet)):
    pass


class FacultySectionQuerySet(SectionAwareQuerySet):
    def visible_sections(self, locale):
        """The launched (pilot or live) sections in one language, in the faculties' order."""
        return (
            self.live()
            .public()
            .filter(locale=locale)
            .exclude(launch_state=LaunchState.PLANNED)
            .select_related("faculty")
            .order_by("faculty__sort_order")
        )


class FacultySectionPageManager(PageManager.from_queryset(FacultySectionQuerySet)):
    pass


class FacultySectionPage(Page):
    """A faculty's own alumni section, run by that faculty's coordinators."""

    faculty = models.ForeignKey(
        Faculty, verbose_name=_("faculty"), on_delete=models.PROTECT, related_name="sections"
    )
    launch_state = models.CharField(
        _("launch state"),
        max_length=10,
        choices=LaunchState.choices,
        default=LaunchState.PLANNED,
        help_text=_("Planned sections are visible only to editors and the faculty's coordinators."),
    )
    # The rollout switches (home.rollout): which member features the faculty offers yet.
    events_enabled = models.BooleanField(
        _("events"), default=True, help_text=_("Members can register for the section's events.")
    )
    groups_enabled = models.BooleanField(
        _("groups"), default=True, help_text=_("Members can link new groups to the faculty.")
    )
    mentoring_enabled = models.BooleanField(
        _("mentoring programmes"),
        default=True,
        help_text=_("The faculty's mentoring programmes are offered to members."),
    )
    job_board_enabled = models.BooleanField(
        _("job board"),
        default=True,
        help_text=_("Job postings can be aimed at the faculty's graduates."),
    )
    campaigns_enabled = models.BooleanField(
        _("mail campaigns"),
        default=True,
        help_text=_("Coordinators can send campaigns to the faculty's members."),
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=600)
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

    content_panels = Page.content_panels + [
        # Which faculty a section belongs to, when it launches and which features it offers are
        # decided centrally: coordinators edit their section's content but never see these.
        FieldPanel("faculty", permission="home.set_section_launch"),
        FieldPanel("launch_state", permission="home.set_section_launch"),
        MultiFieldPanel(
            [
                FieldPanel("events_enabled", permission="home.set_section_launch"),
                FieldPanel("groups_enabled", permission="home.set_section_launch"),
                FieldPanel("mentoring_enabled", permission="home.set_section_launch"),
                FieldPanel("job_board_enabled", permission="home.set_section_launch"),
                FieldPanel("campaigns_enabled", permission="home.set_section_launch"),
            ],
            heading=_("Features offered"),
            permission="home.set_section_launch",
        ),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("launch_state"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.StandardPage", "home.NewsIndexPage", "home.FormPage"]

    objects = FacultySectionPageManager()

    class Meta:
        verbose_name = _("faculty section")
        verbose_name_plural = _("faculty sections")
        permissions = [
            ("set_section_launch", _("Can set a faculty section's faculty and launch state")),
        ]

    def clean(self):
        super().clean()
        if self.faculty_id:
            others = FacultySectionPage.objects.filter(
                faculty_id=self.faculty_id, locale_id=self.locale_id
            )
            if self.pk:
                others = others.exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"faculty": _("This faculty already has a section in this language.")}
                )
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for screen readers.")})

    @property
    def is_public(self) -> bool:
        return self.launch_state != LaunchState.PLANNED

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("image")
            .order_by("-date", "-pk")[:3]
        )
        context["child_pages"] = self.get_children().live().public().in_menu().specific()
        return context


class StandardPage(Page):
    """An ordinary content page: about the network, the accessibility statement, guidance."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.FacultySectionPage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "home.FormPage"]

    objects = SectionAwarePageManager()

    class Meta:
        verbose_name = _("standard page")


class NewsKind(models.TextChoices):
    NEWS = "news", _("News")
    STORY = "story", _("Alumni story")


class NewsIndexPage(Page):
    """Lists news and alumni stories below it, newest first, filterable by tag and kind."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.FacultySectionPage"]
    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = (
            NewsPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("image")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )
        tag = request.GET.get("tag", "").strip()[:100]
        kind = request.GET.get("kind", "")
        if tag:
            items = items.filter(tags__slug=tag)
        if kind in NewsKind.values:
            items = items.filter(kind=kind)
        paginator = Paginator(items, 12)
        context.update(
            page_obj=paginator.get_page(request.GET.get("page")),
            active_tag=tag,
            active_kind=kind if kind in NewsKind.values else "",
            kinds=NewsKind.choices,
        )
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(Page):
    """A news item or an alumni story."""

    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(
        _("kind"), max_length=10, choices=NewsKind.choices, default=NewsKind.NEWS
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
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("kind"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    objects = SectionAwarePageManager()

    class Meta:
        verbose_name = _("news page")
        verbose_name_plural = _("news pages")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for screen readers.")})
