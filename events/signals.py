"""What the events app does when something happens elsewhere: a member leaving a group loses
their places at its meetups (SECURITY.md C2), and an event that becomes a group's meetup leaves
the search index (C1). Connected in EventsConfig.ready()."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.search import index

from community.groups.signals import membership_ended

from .meetups import end_places_of_former_member
from .models import Audience, EventPage


@receiver(membership_ended, dispatch_uid="events_end_meetup_places")
def end_meetup_places(sender, group, user, **kwargs):
    end_places_of_former_member(group, user)


@receiver(post_save, sender=EventPage, dispatch_uid="events_meetups_out_of_search")
def keep_meetups_out_of_search(sender, instance, raw=False, **kwargs):
    """EventPage.get_indexed_objects leaves meetups out, but an entry made while the event was
    for everyone would stay: remove it."""
    if not raw and instance.audience == Audience.GROUP:
        index.remove_object(instance)
