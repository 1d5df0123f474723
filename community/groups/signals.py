"""Signals the groups feature sends, so higher layers (the events app's meetups) can react
without the community app knowing them."""

from django.dispatch import Signal

# Sent after a member stops being a current member of a group (left, removed, banned, erased),
# with `group` and `user`. Receivers end what membership gave them (meetup places, for one).
membership_ended = Signal()
