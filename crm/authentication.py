"""How an integration proves who it is: `Authorization: Bearer <token>` (RFC 6750)."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import Integration


class IntegrationTokenAuthentication(authentication.BaseAuthentication):
    """Accepts an active integration's token; a missing header leaves the request anonymous
    (answered 401 by the permission), a wrong or revoked token is refused with 401 at once.

    request.user stays anonymous: an integration is not a person. request.auth is the
    Integration."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after 'Bearer ', nothing else.")
            )
        try:
            token = header[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from error
        integration = Integration.objects.for_token(token)
        if integration is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid or was revoked."))
        return AnonymousUser(), integration

    def authenticate_header(self, request):
        return f'{self.keyword} realm="crm"'


class IntegrationTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token in the OpenAPI schema."""

    target_class = IntegrationTokenAuthentication
    name = "IntegrationToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An integration token, made by an administrator in the admin.",
        }
