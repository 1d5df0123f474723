"""The CRM API (issue 9): read-only, token per integration, scoped, throttled, audited.

GET members/    members who share with the CRM, changed since `updated_since`, paged by cursor
GET withdrawn/  ids of members the CRM must delete (stopped sharing, deactivated, erased)
GET schema/     the OpenAPI 3 description of the above (public: it holds no data)
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer

from accounts.audit import AuditAction, record

from . import members
from .authentication import IntegrationTokenAuthentication
from .models import Integration, Scope, SharingWithdrawal
from .pagination import SyncCursorPagination
from .permissions import HasScope
from .serializers import MemberSerializer, WithdrawalSerializer
from .throttling import IntegrationRateThrottle

UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only rows changed at or after this time (ISO 8601 with a time zone, e.g. "
    "2026-03-01T00:00:00Z). Without it, everything.",
)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class UpdatedSinceSerializer(serializers.Serializer):
    updated_since = serializers.DateTimeField(required=False, default_timezone=datetime.UTC)

    def to_internal_value(self, data):
        # A query string's empty value would count as "not given": say it is not a time.
        if data.get("updated_since", None) == "":
            raise serializers.ValidationError({"updated_since": [_("Give a date and time.")]})
        return super().to_internal_value(data)


ERRORS = {
    400: OpenApiResponse(description="A query parameter is not valid (the body says which)."),
    401: OpenApiResponse(ErrorSerializer, description="No token, or a wrong or revoked one."),
    403: OpenApiResponse(ErrorSerializer, description="The token lacks the scope."),
    404: OpenApiResponse(ErrorSerializer, description="The cursor is not one this API made."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; see Retry-After."),
}


class SyncView(GenericAPIView):
    """A read-only, paged, audited list for one integration."""

    authentication_classes = [IntegrationTokenAuthentication]
    renderer_classes = [JSONRenderer]
    permission_classes = [HasScope]
    throttle_classes = [IntegrationRateThrottle]
    pagination_class = SyncCursorPagination
    required_scope = Scope.MEMBERS
    time_field = "updated_at"
    endpoint = ""

    @property
    def integration(self) -> Integration:
        return self.request.auth

    def updated_since(self):
        params = UpdatedSinceSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data.get("updated_since")

    def paginator_for_view(self):
        paginator = self.paginator
        paginator.ordering = (self.time_field, "pk")
        return paginator

    def get(self, request, *args, **kwargs):
        updated_since = self.updated_since()
        paginator = self.paginator_for_view()
        page = paginator.paginate_queryset(self.get_queryset(updated_since), request, view=self)
        data = self.get_serializer(page, many=True).data
        Integration.objects.filter(pk=self.integration.pk).update(last_used_at=timezone.now())
        record(
            AuditAction.API_READ,
            actor_label=self.integration.name,
            count=len(page),
            endpoint=self.endpoint,
            updated_since=updated_since.isoformat() if updated_since else None,
            cursor=paginator.cursor_query_param in request.query_params,
        )
        return paginator.get_paginated_response(data)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        integration = self.request.auth if isinstance(self.request.auth, Integration) else None
        context["scopes"] = set(integration.scopes) if integration else set()
        return context


class MemberListView(SyncView):
    serializer_class = MemberSerializer
    endpoint = "members"

    def get_queryset(self, updated_since=None):
        return members.profiles_for_sync(self.integration.scopes, updated_since)

    @extend_schema(
        operation_id="members_list",
        summary=_("Members who share with the CRM"),
        description="Members who chose to share their profile with the CRM and whose accounts "
        "are active, oldest change first. Scope members:read; `subscriptions` needs "
        "consents:read and `events` attendance:read (null without them).",
        parameters=[UPDATED_SINCE],
        responses={200: MemberSerializer(many=True), **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class WithdrawnListView(SyncView):
    serializer_class = WithdrawalSerializer
    endpoint = "withdrawn"
    time_field = "withdrawn_at"

    def get_queryset(self, updated_since=None):
        # A member who shares again since is current, not withdrawn: whichever of the two lists
        # the CRM reads first, it ends with the member.
        return (
            SharingWithdrawal.objects.since(updated_since)
            .exclude(member_id__in=members.shared_member_ids())
            .only("pk", "member_id", "withdrawn_at")
        )

    @extend_schema(
        operation_id="withdrawn_list",
        summary=_("Members the CRM must delete"),
        description="Ids of members who stopped sharing, were deactivated or deleted their "
        "account at or after `updated_since` and do not share now. Scope members:read.",
        parameters=[UPDATED_SINCE],
        responses={200: WithdrawalSerializer(many=True), **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
