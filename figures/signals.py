"""The launch notice: a faculty section published with a launch state that moved from planned to
pilot or live tells the faculty's news subscribers (figures.launch)."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from wagtail.signals import page_published

from home.models import FacultySectionPage, LaunchState


@receiver(pre_save, sender=FacultySectionPage)
def remember_launch_state(sender, instance, raw=False, **kwargs):
    """The state before this save, as stored (drafts never change the stored state: only a
    publish or a direct save does). Kept from the first save until the publish signal uses it:
    publishing may save the page more than once."""
    if hasattr(instance, "_launch_state_before"):
        return
    if raw or instance.pk is None:
        instance._launch_state_before = None
        return
    instance._launch_state_before = (
        FacultySectionPage.objects.filter(pk=instance.pk)
        .values_list("launch_state", flat=True)
        .first()
    )


@receiver(page_published, sender=FacultySectionPage)
def announce_section_launch(sender, instance, **kwargs):
    before = instance.__dict__.pop("_launch_state_before", None)
    if before == LaunchState.PLANNED and instance.launch_state != LaunchState.PLANNED:
        from .launch import announce_launch

        announce_launch(instance)
