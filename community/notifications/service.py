"""Creating notifications and mailing them: immediately or in a daily or weekly digest.

Notification mail is transactional (SECURITY.md E7): it goes through `accounts.mail.send_to_user`,
carries no unsubscribe-post header and no marketing, and links to the member's settings page.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.mail import send_to_user

from ..models import Frequency, Notification, NotificationKind, NotificationSetting, Participant
from ..models.notifications import DEFAULT_FREQUENCIES


def notify(
    recipient,
    kind,
    title,
    url="",
    dedupe_key=None,
    excerpt="",
    mail_interval=None,
    mailed_separately=False,
    frequency=None,
):
    """Tell `recipient` about something, and mail it now if they chose "immediately" for `kind`.

    `url` is a path on this site ("/medlemmer/..."), never a full or protocol-relative URL.
    `excerpt` (e.g. the message text) goes into the immediate mail only; it is not stored.

    With `dedupe_key`, a repeat collapses onto the recipient's unread notification with the same
    key: it moves to the top with the new title and link, and is not mailed again. With
    `mail_interval` as well, a repeat is mailed again once that long has passed since the last
    mail with the key, and never sooner. Callers pass only current participants (SECURITY.md C2).
    Returns the notification, or None for an inactive member, who gets nothing."""
    if url and not (url.startswith("/") and url_has_allowed_host_and_scheme(url, None)):
        # A path on this site: it is shown as a link and put after site_url in mail.
        raise ValueError(f"Notification links are paths on this site, not {url!r}")
    if not recipient.is_active:
        return None
    kind = NotificationKind(kind)
    now = timezone.now()
    mail_now = True
    if dedupe_key:
        keyed = Notification.objects.for_recipient(recipient).filter(
            kind=kind, dedupe_key=dedupe_key
        )
        existing = keyed.unread().first()
        if mail_interval is not None:
            mail_now = not keyed.filter(emailed_at__gt=now - mail_interval).exists()
        if existing is not None:
            existing.title, existing.url = title, url
            existing.created_at = now
            existing.save(update_fields=["title", "url", "created_at"])
            if mail_interval is None or not mail_now:
                return existing
            notification = existing
        else:
            notification = None
    else:
        notification = None
    if notification is None:
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            title=title,
            url=url,
            dedupe_key=dedupe_key or "",
            frequency=Frequency(frequency) if frequency else "",
        )
    if mailed_separately:
        notification.emailed_at = now
        notification.save(update_fields=["emailed_at"])
        return notification
    if not frequency:
        frequency = notification.frequency or NotificationSetting.objects.for_user(recipient)[kind]
    if frequency == Frequency.IMMEDIATE and mail_now:
        # Marked first, so a crash between the two never mails twice.
        notification.emailed_at = now
        notification.save(update_fields=["emailed_at"])
        send_to_user(
            recipient,
            "community/mail/notification",
            {
                "notification": notification,
                "excerpt": excerpt,
                "settings_url": reverse("community:notification_settings"),
            },
        )
    return notification


def _chosen_frequency():
    """The row's own frequency if it has one, else the recipient's frequency for the row's kind,
    falling back to the defaults, in SQL."""
    chosen = NotificationSetting.objects.filter(
        user=OuterRef("recipient"), kind=OuterRef("kind")
    ).values("frequency")[:1]
    default = Case(
        *(When(kind=kind, then=Value(value)) for kind, value in DEFAULT_FREQUENCIES.items()),
        output_field=CharField(),
    )
    return Coalesce(
        NullIf("frequency", Value("")), Subquery(chosen), default, output_field=CharField()
    )


def digest_candidates(frequency, now):
    """Unread, not yet mailed notifications of the kinds each member set to `frequency`."""
    return (
        Notification.objects.unread()
        .filter(emailed_at__isnull=True, created_at__lte=now, recipient__is_active=True)
        .annotate(mail_frequency=_chosen_frequency())
        .filter(mail_frequency=frequency)
    )


def send_digests(frequency, now=None) -> int:
    """Send one digest per member for `frequency` ("daily" or "weekly"); returns mails sent.

    Safe to run twice: each member's rows are claimed (emailed_at set) before the mail is handed
    over, and only the rows this run claimed are listed."""
    frequency = Frequency(frequency)
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"No digest for {frequency!r}")
    now = now or timezone.now()
    ids_by_recipient = defaultdict(list)
    for pk, recipient_id in digest_candidates(frequency, now).values_list("pk", "recipient_id"):
        ids_by_recipient[recipient_id].append(pk)
    sent = 0
    settings_url = reverse("community:notification_settings")
    for ids in ids_by_recipient.values():
        claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
            emailed_at=now
        )
        if not claimed:
            continue
        notifications = list(
            Notification.objects.filter(pk__in=ids, emailed_at=now)
            .select_related("recipient")
            .order_by("kind", "-created_at")
        )
        if not notifications:
            continue
        send_to_user(
            notifications[0].recipient,
            "community/mail/notification_digest",
            {
                "notifications": notifications,
                "frequency": frequency,
                "settings_url": settings_url,
                "list_url": reverse("community:notification_list"),
            },
        )
        sent += 1
    return sent


def mark_read(user, pk) -> int:
    """Mark one of the user's own notifications read; another member's id changes nothing."""
    return (
        Notification.objects.for_recipient(user)
        .unread()
        .filter(pk=pk)
        .update(read_at=timezone.now())
    )


def mark_all_read(user) -> int:
    return Notification.objects.for_recipient(user).unread().update(read_at=timezone.now())


def _count(queryset, group_field):
    """A correlated COUNT as a subquery expression (0 when there are no rows)."""
    counted = queryset.order_by().values(group_field).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0, output_field=IntegerField())


def unread_counts(user) -> tuple[int, int]:
    """(unread notifications, unread conversations) for the header badges, in one query."""
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            unread_notifications=_count(
                Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True),
                "recipient",
            ),
            unread_conversations=_count(Participant.objects.unread_for(OuterRef("pk")), "user"),
        )
        .values_list("unread_notifications", "unread_conversations")
        .get()
    )
