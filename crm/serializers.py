"""What the CRM receives about a member. Field names are the API's contract (docs/crm.md)."""

from django.core.exceptions import ObjectDoesNotExist

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Scope


class EducationSerializer(serializers.Serializer):
    faculty = serializers.CharField(source="faculty.code", help_text="Faculty code, e.g. HH.")
    programme_code = serializers.SerializerMethodField()
    programme_name = serializers.SerializerMethodField()
    degree_level = serializers.SerializerMethodField()
    graduation_year = serializers.IntegerField(allow_null=True)
    verified = serializers.BooleanField(
        help_text="Confirmed by the graduate register or a coordinator."
    )

    def get_programme_code(self, record) -> str | None:
        return record.programme.code if record.programme else None

    def get_programme_name(self, record) -> str:
        """The programme's Norwegian name, or the name as registered when it is not in USN's
        list of programmes."""
        return record.programme.name_nb if record.programme else record.programme_name

    def get_degree_level(self, record) -> str:
        if record.degree_level:
            return record.degree_level
        return record.programme.degree_level if record.programme else ""


class SubscriptionSerializer(serializers.Serializer):
    topic = serializers.CharField(source="topic.slug")
    since = serializers.DateTimeField(
        source="confirmed_at", allow_null=True, help_text="When the member confirmed (opt-in)."
    )
    consent_version = serializers.IntegerField(
        source="consent_text.version", help_text="Version of the consent text agreed to."
    )


class AttendanceSerializer(serializers.Serializer):
    event_id = serializers.IntegerField(source="event.pk")
    title = serializers.CharField(source="event.title")
    date = serializers.DateTimeField(source="event.start")
    attended = serializers.SerializerMethodField()

    def get_attended(self, registration) -> bool:
        return registration.attended_at is not None


class MemberSerializer(serializers.Serializer):
    """One member who shares with the CRM. `subscriptions` and `events` are null when the token
    lacks the scope (consents:read, attendance:read), a list (maybe empty) when it has it."""

    id = serializers.IntegerField(
        source="user_id", help_text="The member's account id: stable, never reused."
    )
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    display_name = serializers.CharField()
    email = serializers.EmailField(source="user.email")
    preferred_language = serializers.CharField(source="user.preferred_language")
    position = serializers.CharField(source="current_position")
    employer = serializers.CharField()
    industry = serializers.CharField()
    city = serializers.CharField()
    country = serializers.SerializerMethodField()
    education = EducationSerializer(many=True)
    interests = serializers.SerializerMethodField()
    verified = serializers.BooleanField(source="is_verified")
    member_since = serializers.DateTimeField(source="user.date_joined")
    updated_at = serializers.DateTimeField()
    subscriptions = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    def scopes(self):
        return self.context["scopes"]

    def get_country(self, profile) -> str:
        """ISO 3166-1 alpha-2 code, or empty."""
        return str(profile.country.code or "") if profile.country else ""

    def get_interests(self, profile) -> list[str]:
        return [item.tag.name for item in profile.tagged_interests.all()]

    @extend_schema_field(SubscriptionSerializer(many=True, allow_null=True))
    def get_subscriptions(self, profile):
        if Scope.CONSENTS not in self.scopes():
            return None
        try:
            subscriptions = profile.user.subscriber.active_subscriptions
        except ObjectDoesNotExist:
            return []
        return SubscriptionSerializer(subscriptions, many=True).data

    @extend_schema_field(AttendanceSerializer(many=True, allow_null=True))
    def get_events(self, profile):
        if Scope.ATTENDANCE not in self.scopes():
            return None
        return AttendanceSerializer(profile.user.confirmed_registrations, many=True).data


class WithdrawalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="member_id", help_text="The member's account id.")
    withdrawn_at = serializers.DateTimeField()
