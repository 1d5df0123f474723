"""Signal handlers of the home app."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import FacultySectionPage


@receiver(post_save, sender=FacultySectionPage)
def scope_new_section_to_its_coordinators(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .coordinators import grant_section_permissions

        grant_section_permissions(instance)
