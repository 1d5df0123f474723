"""Project middleware: the Content-Security-Policy split between the public site and the admin."""

from functools import cache

from django.urls import reverse

from csp.middleware import CSPMiddleware, PolicyParts

# The Wagtail admin still relies on inline scripts and styles in places; SECURITY.md S4 allows it a
# looser policy of its own. Everything else keeps the strict one from settings.
ADMIN_POLICY_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, relaxed only for requests under the Wagtail admin."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(admin_prefix()):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_POLICY_UPDATE.items():
                update[directive] = list(update.get(directive, [])) + sources
            return PolicyParts(parts.config, update, parts.replace, parts.nonce)
        return parts


@cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")
