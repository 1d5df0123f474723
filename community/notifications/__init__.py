"""The shared notification service (DESIGN.md §3): higher layers call `notify`, members choose how
each kind reaches them by mail (SECURITY.md E10), and a scheduled command sends the digests."""

from .service import notify, send_digests

__all__ = ["notify", "send_digests"]
