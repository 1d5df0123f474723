"""The members the CRM may read, fetched in a constant number of queries per page."""

from django.db.models import Prefetch

from community.models import EducationRecord, Profile, ProfileInterest
from events.models import EventRegistration
from newsletters.models import Subscription

from .models import Scope


def shared_profiles():
    """Profiles of members who chose to share with the CRM and whose accounts are active."""
    return Profile.objects.filter(share_with_crm=True, user__is_active=True)


def shared_member_ids():
    return shared_profiles().values("user_id")


def profiles_for_sync(scopes, updated_since=None):
    """What members/ reads: the profile with its account, education and interests, and, where
    the integration holds the scope, subscriptions and event attendance."""
    queryset = shared_profiles().select_related("user")
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gte=updated_since)
    prefetches = [
        Prefetch(
            "education",
            queryset=EducationRecord.objects.select_related("faculty", "programme").order_by(
                "graduation_year", "pk"
            ),
        ),
        Prefetch(
            "tagged_interests",
            queryset=ProfileInterest.objects.select_related("tag").order_by("tag__name"),
        ),
    ]
    if Scope.CONSENTS in scopes:
        queryset = queryset.select_related("user__subscriber")
        prefetches.append(
            Prefetch(
                "user__subscriber__subscriptions",
                queryset=Subscription.objects.active()
                .select_related("topic", "consent_text")
                .order_by("topic__slug"),
                to_attr="active_subscriptions",
            )
        )
    if Scope.ATTENDANCE in scopes:
        prefetches.append(
            Prefetch(
                "user__event_registrations",
                queryset=EventRegistration.objects.confirmed()
                .select_related("event")
                .only("pk", "user_id", "attended_at", "event__title", "event__start")
                .order_by("event__start", "pk"),
                to_attr="confirmed_registrations",
            )
        )
    return queryset.prefetch_related(*prefetches)
