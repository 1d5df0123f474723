"""Signal handlers of the home app."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import FacultySectionPage, SiteSettings


@receiver(post_save, sender=FacultySectionPage)
def scope_new_section_to_its_coordinators(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .coordinators import grant_section_permissions

        grant_section_permissions(instance)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
@receiver(post_delete, sender=SiteSettings)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Redirect)
@receiver(post_delete, sender=Redirect)
@receiver(post_delete, sender=get_image_model())
@receiver(post_delete, sender=get_document_model())
def refresh_menus(sender, **kwargs):
    """Make all cached site chrome stale (home.menus): menus, breadcrumbs, the language switcher,
    the footer, and the planned-section and restricted paths; and with them every anonymous page
    in the page cache (usn_alumni.page_cache), which carries the same version. Redirects, images
    and documents count for the page cache: a cached page would keep a deleted image's rendition
    or an old document link.

    Bumped at once, so the rest of this request and this transaction see the change, and again
    when the transaction commits: a request in another process that rebuilt the chrome from the
    not yet committed database in between would otherwise keep the old chrome cached."""
    from .menus import invalidate_menus

    invalidate_menus()
    transaction.on_commit(invalidate_menus)


@receiver(post_save)
def refresh_menus_after_page_save(sender, instance, raw=False, **kwargs):
    """Any saved page: a section's launch state or a page's title can change without a publish
    (a direct save, a script, a synchronised alias), and the chrome must never show the old one.
    Editors' draft saves also land here; they only cost a cache refill."""
    if isinstance(instance, Page) and not raw:
        refresh_menus(sender)


@receiver(post_save, sender=get_image_model())
@receiver(post_save, sender=get_document_model())
def refresh_pages_after_media_change(sender, created, raw=False, update_fields=None, **kwargs):
    """An edited image (a new file, focal point or title) or document (a new file or title):
    cached pages would show the old rendition or link. A new upload is on no page yet, and
    Wagtail's own bookkeeping saves (file size, hash) change nothing a page shows."""
    if created or raw:
        return
    if update_fields is not None and set(update_fields) <= {"file_size", "file_hash"}:
        return
    refresh_menus(sender)


@receiver(post_save, sender=SiteSettings)
def refresh_menus_after_settings_change(sender, created, raw=False, **kwargs):
    """An editor's change to the site settings. Not their creation: Wagtail creates them with
    their defaults the first time a page asks (the footer itself), and what that page caches
    already shows those defaults."""
    if not created and not raw:
        refresh_menus(sender)


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def forget_cached_locales(sender, **kwargs):
    from .locales import forget_locales

    forget_locales()
    refresh_menus(sender)
