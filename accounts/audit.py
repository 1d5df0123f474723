"""Recording access to personal data (issue 9): one call wherever personal data leaves its page —
a member's own export, an integration's API read, a coordinator's CSV, a merge, an admin viewing a
member record."""

from .models import AuditAction, AuditEvent

__all__ = ["AuditAction", "record"]


def record(action, *, actor=None, actor_label="", subject=None, count=0, **detail) -> AuditEvent:
    """Append one entry. `actor` is the signed-in person (None for an integration, then say which
    in `actor_label`); `subject` the member whose data it was, for single-member access; `count`
    the number of members a bulk access touched; `detail` what was asked (filters, cursor, format),
    never the data itself."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label[:100],
        subject=subject,
        count=count,
        detail=detail,
    )
