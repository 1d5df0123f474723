"""Discussions in a group: starting threads, replying, editing within the window, moderating
posts, and telling members about it. The views and the moderation service share this.

Who may do what is asked of `policy`; this module refuses with `DiscussionRefused`, whose text is
fit to show the member. Counters (group.thread_count, thread.reply_count) and activity
(last_activity_at) change in the same transaction as the post, with F() expressions, so two
members posting at once both count. Any post resets the group's archiving countdown.

Notifications go to current members only, looked up when they are sent (SECURITY.md C2): a new
thread to every member who chose a frequency other than "off" for the group (a background task),
a reply to the thread's author. Their dedupe keys start with "group:<id>:", so a member who
leaves or is removed loses the notifications the group gave them.
"""

import math

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..models import (
    Frequency,
    Group,
    GroupMembership,
    GroupReply,
    GroupThread,
    MemberBlock,
    Notification,
    NotificationKind,
    Profile,
    Report,
)
from ..notifications.service import notify
from . import policy
from .signals import membership_ended

THREADS_PER_PAGE = 25
REPLIES_PER_PAGE = 50
EXCERPT_LENGTH = 500
TITLE_LENGTH = 255  # Notification.title


class DiscussionRefused(Exception):
    """The member may not do this; `str(error)` says why, in words fit to show them."""


# --- Reading --------------------------------------------------------------------------------------


def threads_for_list(group, user):
    """The group page's threads: pinned first, then the latest activity, each with its author's
    display name (`author_display_name`, as `replies_for_thread`). Moderators also get the
    hidden ones (the page marks them); for everyone else they are left out."""
    threads = (
        GroupThread.objects.filter(group=group)
        .annotate(author_display_name=F("author__profile__display_name"))
        .defer("body")  # the opening post's text is not in the list
    )
    if not policy.can_moderate(group, user):
        threads = threads.shown()
    return threads.in_list_order()


def replies_for_thread(thread):
    """A thread's replies, oldest first, each with its author's display name (`author_display_name`,
    None once the author is erased) rather than the author's user and profile: loading 50 full
    profiles was a fifth of the thread page's time."""
    return thread.replies.annotate(author_display_name=F("author__profile__display_name")).order_by(
        "created_at", "pk"
    )


def author_name(user) -> str:
    """What a post shows as its author: the display name, or "Former member" once erased."""
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.display_name if profile else _("Former member")


def post_author_name(post) -> str:
    """`author_name` of a post, from its `author_display_name` annotation when it has one
    (`replies_for_thread`), else from its author."""
    if hasattr(post, "author_display_name"):
        name = post.author_display_name
        return name if name is not None else _("Former member")
    return author_name(post.author)


def thread_url(thread_id) -> str:
    return reverse("community:group_thread", args=[thread_id])


def reply_link(reply) -> str:
    """The thread page holding the reply, at the reply (the thread view finds its page)."""
    return f"{thread_url(reply.thread_id)}?svar={reply.pk}#svar-{reply.pk}"


def reply_page(position: int) -> int:
    """The page of the thread that shows the reply at `position` (1 = the first reply)."""
    return max(1, math.ceil(position / REPLIES_PER_PAGE))


def reply_position(reply) -> int:
    """How many replies of the thread come up to and including this one."""
    return (
        GroupReply.objects.filter(thread_id=reply.thread_id, created_at__lte=reply.created_at)
        .exclude(created_at=reply.created_at, pk__gt=reply.pk)
        .count()
    )


# --- Writing -------------------------------------------------------------------------------------


def _check_may_post(group, user) -> None:
    if group.is_archived:
        raise DiscussionRefused(
            _("This group is archived: nobody can post until its owner revives it.")
        )
    if not policy.can_post(group, user):
        raise DiscussionRefused(_("Only the group's members can post. Join the group first."))


def _clean(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DiscussionRefused(what)
    return text


def _record_activity(group_id, now, **counters) -> None:
    """The group was active now: its archiving countdown starts again (and the notice it may
    have had no longer applies)."""
    Group.objects.filter(pk=group_id).update(
        last_activity_at=now, archive_notice_sent_at=None, **counters
    )


def start_thread(user, group, title, body, now=None) -> GroupThread:
    """Start a thread as a current member; members are told after the transaction commits."""
    _check_may_post(group, user)
    title = _clean(title, _("Give the thread a title."))
    body = _clean(body, _("Write something before posting."))
    now = now or timezone.now()
    with transaction.atomic():
        thread = GroupThread.objects.create(
            group=group,
            author=user,
            title=title,
            body=body,
            created_at=now,
            last_activity_at=now,
        )
        _record_activity(group.pk, now, thread_count=F("thread_count") + 1)
        transaction.on_commit(lambda: _enqueue_new_thread(thread.pk))
    return thread


def _enqueue_new_thread(thread_id) -> None:
    from ..tasks import notify_new_thread  # the tasks module imports this one

    notify_new_thread.enqueue(thread_id)


def check_may_reply(user, thread) -> None:
    """Raises DiscussionRefused, saying why, unless the user may reply in the thread now."""
    _check_may_post(thread.group, user)
    if thread.is_locked:
        raise DiscussionRefused(_("This thread is locked: nobody can reply to it."))
    if thread.hidden_at is not None:
        raise DiscussionRefused(_("This thread is hidden by a moderator: nobody can reply to it."))


def reply(user, thread, body, now=None) -> GroupReply:
    """Reply as a current member, in a thread that is neither locked nor hidden; the thread's
    author is told after the transaction commits."""
    group = thread.group
    check_may_reply(user, thread)
    body = _clean(body, _("Write something before posting."))
    now = now or timezone.now()
    with transaction.atomic():
        new_reply = GroupReply.objects.create(thread=thread, author=user, body=body, created_at=now)
        GroupThread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=now
        )
        _record_activity(group.pk, now)
        transaction.on_commit(lambda: notify_thread_author(new_reply.pk))
    thread.reply_count += 1
    thread.last_activity_at = now
    return new_reply


def edit_thread(user, thread, title, body, now=None) -> GroupThread:
    """Change one's own thread within the edit window; the others see that it was edited."""
    now = now or timezone.now()
    if not policy.can_edit_post(thread.group, user, thread, thread, now=now):
        raise DiscussionRefused(edit_refusal(thread.group, user, thread, thread))
    title = _clean(title, _("Give the thread a title."))
    body = _clean(body, _("Write something before posting."))
    GroupThread.objects.filter(pk=thread.pk).update(title=title, body=body, edited_at=now)
    thread.title, thread.body, thread.edited_at = title, body, now
    return thread


def edit_reply(user, reply_, body, now=None) -> GroupReply:
    """Change one's own reply within the edit window."""
    now = now or timezone.now()
    thread = reply_.thread
    if not policy.can_edit_post(thread.group, user, reply_, thread, now=now):
        raise DiscussionRefused(edit_refusal(thread.group, user, reply_, thread))
    body = _clean(body, _("Write something before posting."))
    GroupReply.objects.filter(pk=reply_.pk).update(body=body, edited_at=now)
    reply_.body, reply_.edited_at = body, now
    return reply_


def edit_refusal(group, user, post, thread) -> str:
    if post.author_id != user.pk:
        return _("You can only change what you wrote yourself.")
    if thread.locked_at is not None:
        return _("This thread is locked: its posts can no longer be changed.")
    if not policy.can_post(group, user):
        return _("Only the group's members can change their posts.")
    return _("A post can only be changed in the first 15 minutes.")


# --- Moderating ----------------------------------------------------------------------------------

THREAD_ACTIONS = ("pin", "unpin", "lock", "unlock", "hide", "unhide", "delete")
REPLY_ACTIONS = ("hide", "unhide", "delete")


def may_act(user, group, post, action) -> bool:
    """Moderators take every action; an author may delete their own post."""
    if action == "delete":
        return policy.can_delete_post(group, user, post)
    return policy.can_moderate(group, user)


def moderate_thread(user, thread, action, now=None) -> str:
    """Pin, unpin, lock, unlock, hide, unhide or delete a thread. Returns the action taken."""
    if action not in THREAD_ACTIONS:
        raise DiscussionRefused(_("Unknown action."))
    group = thread.group
    if not may_act(user, group, thread, action):
        raise DiscussionRefused(_("Only the group's owner and moderators can do this."))
    now = now or timezone.now()
    changes = {
        "pin": {"pinned": True},
        "unpin": {"pinned": False},
        "lock": {"locked_at": thread.locked_at or now},
        "unlock": {"locked_at": None},
        "hide": {"hidden_at": thread.hidden_at or now},
        "unhide": {"hidden_at": None},
    }
    if action == "delete":
        delete_thread(thread, deleted_by=user, now=now)
        return action
    GroupThread.objects.filter(pk=thread.pk).update(**changes[action])
    for field, value in changes[action].items():
        setattr(thread, field, value)
    return action


def moderate_reply(user, reply_, action, now=None) -> str:
    """Hide, unhide or delete a reply. Returns the action taken."""
    if action not in REPLY_ACTIONS:
        raise DiscussionRefused(_("Unknown action."))
    group = reply_.thread.group
    if not may_act(user, group, reply_, action):
        raise DiscussionRefused(_("Only the group's owner and moderators can do this."))
    now = now or timezone.now()
    if action == "delete":
        delete_reply(reply_, deleted_by=user, now=now)
    else:
        hidden_at = (reply_.hidden_at or now) if action == "hide" else None
        GroupReply.objects.filter(pk=reply_.pk).update(hidden_at=hidden_at)
        reply_.hidden_at = hidden_at
    return action


def delete_thread(thread, deleted_by=None, now=None) -> bool:
    """Delete a thread with its replies and count it out of the group. When a moderator deletes
    it, the open reports on it and its replies are closed as acted on; an author deleting their
    own thread leaves them open for the moderators. No permission check: callers ask policy."""
    now = now or timezone.now()
    with transaction.atomic():
        if deleted_by is not None and policy.can_moderate(thread.group, deleted_by):
            reply_ids = list(thread.replies.values_list("pk", flat=True))
            _close_open_reports(GroupThread, [thread.pk], deleted_by, now)
            _close_open_reports(GroupReply, reply_ids, deleted_by, now)
        _deleted, per_model = GroupThread.objects.filter(pk=thread.pk).delete()
        deleted = per_model.get(GroupThread._meta.label, 0)
        if deleted:
            Group.objects.filter(pk=thread.group_id, thread_count__gt=0).update(
                thread_count=F("thread_count") - 1
            )
    return bool(deleted)


def delete_reply(reply_, deleted_by=None, now=None) -> bool:
    """Delete a reply and count it out of its thread; reports as for `delete_thread`."""
    now = now or timezone.now()
    with transaction.atomic():
        if deleted_by is not None and policy.can_moderate(reply_.thread.group, deleted_by):
            _close_open_reports(GroupReply, [reply_.pk], deleted_by, now)
        deleted, _per_model = GroupReply.objects.filter(pk=reply_.pk).delete()
        if deleted:
            GroupThread.objects.filter(pk=reply_.thread_id, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
    return bool(deleted)


def _close_open_reports(model, ids, moderator, now) -> int:
    """Reports on deleted content have nothing left to decide. Report.Action has no "delete":
    deletion is recorded as hiding, the nearest decision the site's moderators know."""
    if not ids:
        return 0
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=ids,
        status=Report.Status.OPEN,
    ).update(
        status=Report.Status.ACTIONED,
        action=Report.Action.HIDE,
        decided_by=moderator,
        decided_at=now,
    )


# --- Notifications -------------------------------------------------------------------------------


def new_thread_key(thread) -> str:
    return f"group:{thread.group_id}:thread:{thread.pk}"


def replies_key(thread) -> str:
    return f"group:{thread.group_id}:replies:{thread.pk}"


def _blockers_of(user_id):
    """Members who blocked `user_id` hear nothing from what they write (M4)."""
    return MemberBlock.objects.filter(blocked_id=user_id).values("blocker_id")


def _default_language_url(thread_id) -> str:
    with translation.override(None):
        return thread_url(thread_id)


def _excerpt(profile, text) -> str:
    """Post text goes into mail only for members who did not ask for private notifications."""
    if profile is None or profile.private_notifications:
        return ""
    return Truncator(text).chars(EXCERPT_LENGTH)


def notify_members_of_new_thread(thread_id) -> int:
    """Tell every current member of the thread's group, but its author, about a new thread, each
    at the frequency they chose for the group (immediately by mail, in the daily or weekly
    digest; "off": nothing). Members looked up now, so who left or was removed since gets
    nothing (C2). Safe to run twice: members who already have this thread's notification are
    skipped. Returns how many were told."""
    thread = GroupThread.objects.select_related("group").filter(pk=thread_id).first()
    if thread is None or thread.hidden_at is not None or thread.group.is_archived:
        return 0
    key = new_thread_key(thread)
    already = Notification.objects.filter(kind=NotificationKind.GROUP, dedupe_key=key).values(
        "recipient_id"
    )
    memberships = (
        GroupMembership.objects.active()
        .filter(group_id=thread.group_id, user__is_active=True)
        .exclude(notify=Frequency.OFF)
        .exclude(user_id=thread.author_id)
        .exclude(user_id__in=already)
        .exclude(user_id__in=_blockers_of(thread.author_id))
        .select_related("user", "user__profile")
        .order_by("pk")
    )
    url = _default_language_url(thread.pk)
    told = 0
    for membership in memberships.iterator(chunk_size=500):
        recipient = membership.user
        with translation.override(recipient.preferred_language or None):
            title = _("New thread in %(group)s: %(title)s") % {
                "group": thread.group.name,
                "title": thread.title,
            }
        notify(
            recipient,
            NotificationKind.GROUP,
            Truncator(title).chars(TITLE_LENGTH),
            url=url,
            dedupe_key=key,
            excerpt=_excerpt(getattr(recipient, "profile", None), thread.body),
            frequency=membership.notify,
        )
        told += 1
    return told


def notify_thread_author(reply_id) -> bool:
    """Tell the thread's author about a reply, at their setting for group activity. Repeats
    collapse onto one unread notification per thread. Nothing for an author who is no longer a
    current member (C2), who wrote the reply, or who blocked its writer."""
    new_reply = GroupReply.objects.select_related("thread__group").filter(pk=reply_id).first()
    if new_reply is None or new_reply.hidden_at is not None:
        return False
    thread = new_reply.thread
    author_id = thread.author_id
    if author_id is None or author_id == new_reply.author_id:
        return False
    membership = (
        GroupMembership.objects.active()
        .filter(group_id=thread.group_id, user_id=author_id, user__is_active=True)
        .select_related("user", "user__profile")
        .first()
    )
    if membership is None:
        return False
    if MemberBlock.objects.filter(blocker_id=author_id, blocked_id=new_reply.author_id).exists():
        return False
    recipient = membership.user
    writer = Profile.objects.filter(user_id=new_reply.author_id).only("display_name").first()
    with translation.override(recipient.preferred_language or None):
        title = _("%(name)s replied to your thread “%(title)s”") % {
            "name": writer.display_name if writer else _("Former member"),
            "title": thread.title,
        }
    with translation.override(None):
        url = reply_link(new_reply)
    notify(
        recipient,
        NotificationKind.GROUP,
        Truncator(title).chars(TITLE_LENGTH),
        url=url,
        dedupe_key=replies_key(thread),
        excerpt=_excerpt(getattr(recipient, "profile", None), new_reply.body),
    )
    return True


@receiver(membership_ended)
def forget_group_notifications(sender, group, user, **kwargs):
    """A member who is no longer in the group keeps none of its notifications: no thread title
    of a group they left reaches them in a later digest or under the bell (C2)."""
    Notification.objects.filter(
        recipient=user, kind=NotificationKind.GROUP, dedupe_key__startswith=f"group:{group.pk}:"
    ).delete()
