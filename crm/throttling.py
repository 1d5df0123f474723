"""The rate limit per integration (DRF throttling, counted in the shared cache)."""

from django.conf import settings

from rest_framework.throttling import SimpleRateThrottle

from .permissions import integration_of


class IntegrationRateThrottle(SimpleRateThrottle):
    """CRM_API_RATE requests per integration (default 60/min); past it, 429 with Retry-After."""

    scope = "crm_integration"

    def get_rate(self):
        # Read at request time (not class creation) so the setting can change without a restart
        # of the import machinery, e.g. in tests.
        return settings.CRM_API_RATE

    def get_cache_key(self, request, view):
        integration = integration_of(request)
        if integration is None:
            return None  # refused anyway; the address throttle (M1) covers strangers
        return self.cache_format % {"scope": self.scope, "ident": integration.pk}

    def allow_request(self, request, view):
        # The rate may have changed since __init__ parsed it.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
