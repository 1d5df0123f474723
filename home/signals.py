"""Signal handlers of the home app."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import FacultySectionPage


@receiver(post_save, sender=FacultySectionPage)
def scope_new_section_to_its_coordinators(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .coordinators import grant_section_permissions

        grant_section_permissions(instance)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def refresh_menus(sender, **kwargs):
    from .menus import invalidate_menus

    invalidate_menus()
