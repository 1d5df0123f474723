"""Professional groups that members create and run themselves, and their discussions.

A group has a kind that decides who joins and who sees its content (SECURITY.md C1, C2): only an
open group's discussions are readable by members outside it. Membership is one row per group and
member, whose status says where they stand (invited, asked to join, member, banned) and whose role
says what they may run (owner, moderator, member). Counters on the group and the thread are kept
by the service in `community.groups`, so the directory and the thread list never count rows.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase

from home.models import Faculty

from .notifications import Frequency
from .profiles import Industry, InterestTag

INACTIVE_BEFORE_ARCHIVING_DAYS = 365  # a group quiet this long is archived (after notice)
ARCHIVE_NOTICE_DAYS = 30  # the owner is told this long before
EDIT_WINDOW_MINUTES = 15  # a post can be edited this long after it is written


class GroupKind(models.TextChoices):
    OPEN = "open", _("Open: any verified member can join")
    REQUEST = "request", _("By request: members ask to join")
    INVITE = "invite", _("Invite only")
    HIDDEN = "hidden", _("Hidden: unlisted and invite only")


class Region(models.TextChoices):
    """Where a group meets: the Norwegian counties, abroad, or online."""

    AGDER = "agder", "Agder"
    AKERSHUS = "akershus", "Akershus"
    BUSKERUD = "buskerud", "Buskerud"
    FINNMARK = "finnmark", "Finnmark"
    INNLANDET = "innlandet", "Innlandet"
    MORE_OG_ROMSDAL = "more-og-romsdal", "Møre og Romsdal"
    NORDLAND = "nordland", "Nordland"
    OSLO = "oslo", "Oslo"
    ROGALAND = "rogaland", "Rogaland"
    TELEMARK = "telemark", "Telemark"
    TROMS = "troms", "Troms"
    TRONDELAG = "trondelag", "Trøndelag"
    VESTFOLD = "vestfold", "Vestfold"
    VESTLAND = "vestland", "Vestland"
    OSTFOLD = "ostfold", "Østfold"
    ABROAD = "abroad", _("Abroad")
    ONLINE = "online", _("Online, anywhere")


class GroupTopic(TaggedItemBase):
    """A group's topics are the members' interest tags, so suggestions can match the two."""

    tag = models.ForeignKey(InterestTag, on_delete=models.CASCADE, related_name="tagged_groups")
    content_object = ParentalKey(
        "community.Group", on_delete=models.CASCADE, related_name="tagged_topics"
    )


def cover_path(instance, filename):
    return f"group-covers/{uuid.uuid4().hex}.jpg"


class GroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def listed(self):
        """Groups anyone signed in may find in the directory: all but hidden ones."""
        return self.exclude(kind=GroupKind.HIDDEN)

    def with_content_open_to_all(self):
        return self.filter(kind=GroupKind.OPEN)


class Group(ClusterableModel):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    cover = models.ImageField(_("cover image"), upload_to=cover_path, blank=True)
    topics = ClusterTaggableManager(
        verbose_name=_("topics"), through=GroupTopic, blank=True, help_text=""
    )
    faculty = models.ForeignKey(
        Faculty,
        verbose_name=_("faculty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    kind = models.CharField(
        _("who can join"), max_length=10, choices=GroupKind.choices, default=GroupKind.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups_created",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archive_notice_sent_at = models.DateTimeField(_("archiving notice sent"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("members"), default=0)
    thread_count = models.PositiveIntegerField(_("threads"), default=0)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["kind", "last_activity_at"], name="group_kind_activity_idx"),
            models.Index(fields=["kind", "member_count"], name="group_kind_size_idx"),
            models.Index(fields=["archived_at", "last_activity_at"], name="group_archiving_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.kind == GroupKind.HIDDEN

    @property
    def content_is_open(self) -> bool:
        """Only an open group's discussions are readable by members outside it (C1)."""
        return self.kind == GroupKind.OPEN


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MODERATOR = "moderator", _("Moderator")
    MEMBER = "member", _("Member")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Member")
    REQUESTED = "requested", _("Asked to join")
    INVITED = "invited", _("Invited")
    BANNED = "banned", _("Banned")


GROUP_NOTIFICATION_CHOICES = [
    (Frequency.IMMEDIATE, _("Every new thread")),
    (Frequency.DAILY, _("Daily digest")),
    (Frequency.WEEKLY, _("Weekly digest")),
    (Frequency.OFF, _("Off")),
]


class GroupMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)

    def moderators(self):
        """Owners and moderators."""
        return self.active().filter(role__in=[MembershipRole.OWNER, MembershipRole.MODERATOR])

    def by_seniority(self):
        """Longest-standing first: the order of an automatic ownership hand-over."""
        return self.order_by("joined_at", "pk")


class GroupMembership(models.Model):
    """Where one member stands in one group."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    request_message = models.CharField(_("message with the request"), max_length=500, blank=True)
    notify = models.CharField(
        _("new threads"),
        max_length=10,
        choices=GROUP_NOTIFICATION_CHOICES,
        default=Frequency.WEEKLY,
    )

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group"),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(role="owner", status="active"),
                name="one_owner_per_group",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status"], name="membership_user_status_idx"),
            models.Index(fields=["group", "status", "joined_at"], name="membership_group_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} in {self.group_id} ({self.status}, {self.role})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_owner(self) -> bool:
        return self.is_active and self.role == MembershipRole.OWNER

    @property
    def is_moderator(self) -> bool:
        """Owner or moderator: may run the group."""
        return self.is_active and self.role in (MembershipRole.OWNER, MembershipRole.MODERATOR)


class GroupThreadQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(hidden_at__isnull=True)

    def in_list_order(self):
        """Pinned first, then by latest activity."""
        return self.order_by("-pinned", "-last_activity_at", "-pk")


class GroupThread(models.Model):
    """A discussion in a group: the opening post (title and text) and its replies."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="threads"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_threads",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)

    objects = GroupThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("group thread")
        verbose_name_plural = _("group threads")
        indexes = [
            models.Index(
                fields=["group", "-pinned", "-last_activity_at", "-id"], name="thread_list_idx"
            ),
            models.Index(fields=["author", "created_at"], name="thread_author_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class GroupReply(models.Model):
    """A reply in a thread."""

    thread = models.ForeignKey(
        GroupThread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_replies",
    )
    body = models.TextField(_("text"), max_length=10000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)

    class Meta:
        verbose_name = _("group reply")
        verbose_name_plural = _("group replies")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "created_at", "id"], name="reply_thread_idx"),
            models.Index(fields=["author", "created_at"], name="reply_author_idx"),
        ]

    def __str__(self):
        return self.body[:40]
