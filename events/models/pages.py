"""The event page types: an index (site-wide or per faculty section) and the event itself."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.search import index

from home.blocks import BodyStreamBlock
from home.models import Campus, Faculty, FacultySectionPage
from home.models.pages import SectionAwareQuerySet, restricted_page_paths

IMAGE_MODEL = "wagtailimages.Image"
SEARCH_MAX_LENGTH = 1000  # SECURITY.md X4


class Audience(models.TextChoices):
    """Who may register (and, for a group, who may see the event at all)."""

    PUBLIC = "public", _("Everyone, also visitors without an account")
    MEMBERS = "members", _("Members")
    VERIFIED = "verified", _("Verified alumni")
    GROUP = "group", _("Members of a group")


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class EventPageQuerySet(SectionAwareQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def listed(self):
        """Events for lists, feeds and search that strangers see: all but a group's meetups,
        which only the group's readers may know of (SECURITY.md C1)."""
        return self.exclude(audience=Audience.GROUP)

    def meetups_of(self, group):
        """The meetups of one group (events for its members)."""
        return self.filter(group=group, audience=Audience.GROUP)

    def past(self, now=None):
        """Events that have ended, latest first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_places_taken(self):
        """Annotate `places_taken`: confirmed participants and their guests, in the same query."""
        from .registrations import EventRegistration, RegistrationStatus

        taken = (
            EventRegistration.objects.filter(
                event=OuterRef("pk"), status=RegistrationStatus.CONFIRMED
            )
            .order_by()
            .values("event")
            .annotate(total=Sum(models.F("guests") + 1))
            .values("total")[:1]
        )
        return self.annotate(places_taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0))


class EventPageManager(PageManager.from_queryset(EventPageQuerySet)):
    pass


class EventIndexPage(Page):
    """Lists the events of what it stands under: the whole site under the home page, one
    faculty's events under that faculty's section."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.FacultySectionPage"]
    subpage_types = ["events.EventPage"]

    # Never in the anonymous page cache (usn_alumni.page_cache): the list shows places left and
    # "full", which registrations change without a publish, and drops events as they end.
    anonymous_cache_seconds = 0

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    PAGE_SIZE = 12

    def events(self):
        """The live, public events of this index's scope (its parent and all below it); a
        group's meetups are on the group's page, never in the lists."""
        parent_path = self.path[: -self.steplen]  # the parent's path, without a query
        return (
            EventPage.objects.live()
            .public()
            .listed()
            .filter(path__startswith=parent_path, depth__gt=self.depth)
            .exclude_planned_sections()
        )

    def route(self, request, path_components):
        """Wagtail's routing, but the event comes in one query together with what its page
        shows (faculty, campus, image, group, places taken) rather than in one query for the
        page, one for its specific row and one for each of those (DESIGN.md §7)."""
        if path_components:
            event = (
                EventPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("faculty", "campus", "image", "group")
                .with_places_taken()
                .first()
            )
            if event is not None:
                event._cached_parent_obj = self  # as Wagtail does: the parent needs no query
                return event.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from ..forms import EventFilterForm
        from ..listing import event_cards, event_page

        context = super().get_context(request, *args, **kwargs)
        form = EventFilterForm(request.GET or None)
        filters = form.cleaned_filters()
        now = timezone.now()
        page = event_page(self, filters, now, request.GET.get("page"), self.PAGE_SIZE)
        context.update(
            filter_form=form,
            filters=filters,
            query_prefix=form.query_prefix(),
            page_obj=page,
            cards=event_cards(request, page.object_list),
            showing_past=filters["when"] == "past",
        )
        return context


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EventPage(RoutablePageMixin, Page):
    """One event: a conference, a social evening, a career course."""

    intro = models.TextField(_("introduction"), max_length=600)
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"), db_index=True)
    attendance_mode = models.CharField(
        _("where"),
        max_length=10,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
    )
    campus = models.ForeignKey(
        Campus,
        verbose_name=_("campus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown only to confirmed participants, on the page and in their mail."),
    )
    image = models.ForeignKey(
        IMAGE_MODEL,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("image alternative text"), max_length=250, blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("description"), blank=True)
    faculty = models.ForeignKey(
        Faculty,
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Left empty, the faculty of the section the event is in."),
    )
    tags = ClusterTaggableManager(through=EventPageTag, blank=True, verbose_name=_("topics"))
    audience = models.CharField(
        _("who may register"), max_length=10, choices=Audience.choices, default=Audience.MEMBERS
    )
    group = models.ForeignKey(
        "community.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetups",
        help_text=_("For events open to the members of one group: that group."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places, guests included. Empty means no limit."),
    )
    guests_allowed = models.PositiveSmallIntegerField(
        _("guests per participant"),
        default=0,
        help_text=_("How many guests each participant may bring (within the capacity)."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Also the last moment to cancel. Empty means until the event starts."),
    )
    price = models.CharField(_("price"), max_length=100, blank=True)
    member_price = models.CharField(_("member price"), max_length=100, blank=True)
    organiser_name = models.CharField(_("organiser"), max_length=150, blank=True)
    organiser_email = models.EmailField(_("organiser's e-mail address"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])], heading=_("When")
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("campus"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("faculty"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("group"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("guests_allowed")]),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldRowPanel([FieldPanel("price"), FieldPanel("member_price")]),
                FieldRowPanel([FieldPanel("organiser_name"), FieldPanel("organiser_email")]),
            ],
            heading=_("Registration"),
        ),
        InlinePanel("questions", heading=_("Registration questions"), label=_("Question")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("venue"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("audience"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    objects = EventPageManager()

    # Never in the anonymous page cache (usn_alumni.page_cache): places left, "full" and whether
    # registration is open change with every registration and with time, not with a publish.
    anonymous_cache_seconds = 0

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The event cannot end before it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at < self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration cannot close before it opens.")
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = _("Describe the image for screen readers.")
        if self.audience == Audience.GROUP and self.group_id is None:
            errors["group"] = _("Choose the group whose members may register.")
        elif self.group_id is not None and self.audience != Audience.GROUP:
            errors["group"] = _(
                "A group is only for events for the members of a group: choose that audience "
                "or leave the group empty."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.faculty_id is None and self.path:
            section = FacultySectionPage.objects.ancestor_of(self).first()
            if section is not None:
                self.faculty_id = section.faculty_id
        return super().save(*args, **kwargs)

    @classmethod
    def get_indexed_objects(cls):
        """A group's meetup never enters the search index: the site search is for everyone, and
        only the group's readers may know of its meetups (SECURITY.md C1). events.signals takes
        an event out of the index when it becomes a meetup."""
        return super().get_indexed_objects().exclude(audience=Audience.GROUP)

    def get_view_restrictions(self):
        """Wagtail asks this before serving; its answer costs two queries. The cached list of
        restricted pages answers "none" without one when no restricted page is this page or an
        ancestor, and no page on the way is an alias (whose source's restrictions would apply:
        then, and whenever the parents were not loaded by routing, Wagtail's own answer)."""
        if self._no_view_restriction_applies():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def _no_view_restriction_applies(self) -> bool:
        restricted = restricted_page_paths()
        if not restricted:
            return True
        page = self
        while page.depth > 2:  # the tree's root (depth 1) is never an alias
            parent = getattr(page, "_cached_parent_obj", None)
            if page.alias_of_id or parent is None:
                return False
            page = parent
        if page.alias_of_id:
            return False
        return not any(self.path.startswith(path) for path, _depth in restricted)

    @property
    def is_meetup(self) -> bool:
        return self.audience == Audience.GROUP

    # Registration rules in words; the registration service and the views ask these.

    @property
    def is_online(self) -> bool:
        return self.attendance_mode != AttendanceMode.IN_PERSON

    @property
    def is_in_person(self) -> bool:
        return self.attendance_mode != AttendanceMode.ONLINE

    @property
    def cancellation_deadline(self):
        return self.registration_closes_at or self.start

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return now < (self.registration_closes_at or self.start)

    def has_ended(self, now=None) -> bool:
        return (now or timezone.now()) >= self.end

    def places_left(self, taken: int | None = None):
        """Free places, or None when there is no limit."""
        if self.capacity is None:
            return None
        if taken is None:
            taken = getattr(self, "places_taken", None)
        if taken is None:
            from .registrations import EventRegistration

            taken = EventRegistration.objects.places_taken(self)
        return max(self.capacity - taken, 0)

    # Routes: the page itself, registering, cancelling and the event's calendar file.

    def serve(self, request, *args, **kwargs):
        """Every route of the page asks first whether this person may know of the event: a
        group's meetup is a 404 for whoever may not read the group (C1, C2), checked on every
        request. A visitor who is not signed in is asked to sign in for an open group's meetup
        (any member may read it); other groups' meetups do not exist for visitors. (Previews in
        the admin do not come through here.)"""
        from django.contrib.auth.views import redirect_to_login  # its module loads the forms

        from ..registration import may_see_event

        if not may_see_event(self, request.user):
            if not request.user.is_authenticated and self.group and self.group.content_is_open:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return super().serve(request, *args, **kwargs)

    @path("")
    def event_page(self, request):
        from ..views import event_page_view

        return event_page_view(self, request)

    @path("registrer/")
    def register_route(self, request):
        from ..views import register_view

        return register_view(self, request)

    @path("avmeld/")
    def cancel_route(self, request):
        from ..views import member_cancel_view

        return member_cancel_view(self, request)

    @path("ics/")
    def ics_route(self, request):
        from ..views import event_ics_view

        return event_ics_view(self, request)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("One of several choices")
    CHECKBOX = "checkbox", _("Checkbox")


class RegistrationQuestion(Orderable):
    """A question participants answer when they register (a small form builder)."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=255)
    kind = models.CharField(
        _("kind of answer"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For a question with choices: one choice a line.")
    )
    required = models.BooleanField(_("required"), default=False)

    panels = [
        FieldPanel("label"),
        FieldPanel("kind"),
        FieldPanel("choices"),
        FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.kind == QuestionKind.CHOICE and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one a line.")})

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]
