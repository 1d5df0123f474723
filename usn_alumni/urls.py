"""URL configuration: the admin and machine endpoints outside the language prefix; pages inside it
(Norwegian bokmål without a prefix, English under /en/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import AdminLoginRedirectView
from home.views import SearchView, robots_txt

from .health import health
from .webhooks import mailgun_webhook_patterns

urlpatterns = [
    # Wagtail's own login would skip allauth's MFA stage: the admin signs in through allauth.
    path("admin/login/", AdminLoginRedirectView.as_view(), name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("health/", health, name="health"),
    # Bounce, complaint and inbound-unsubscribe webhooks of the mail provider (SECURITY.md E8);
    # 404 until their keys are configured (usn_alumni/webhooks.py).
    path("anymail/", include((mailgun_webhook_patterns(), "anymail"))),
    # The read-only API for the university's CRM (crm/, docs/crm.md).
    path("api/crm/v1/", include("crm.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", SearchView.as_view(), name="search"),
    path("konto/", include("accounts.urls")),
    path("medlemmer/", include("community.urls")),
    path("medlemmer/grupper/<int:group_pk>/treff/", include("events.meetup_urls")),
    path("pamelding/", include("events.urls")),
    path("kalender/", include("events.calendar_urls")),
    path("karriere/", include("careers.urls")),
    path("nyhetsbrev/", include("newsletters.urls")),
    # Wagtail's catch-all comes last: community features mount above it.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
