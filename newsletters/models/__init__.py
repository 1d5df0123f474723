"""Newsletters: topics and their consent texts, subscribers, the consent ledger, the suppression
list, campaigns and one delivery row per recipient. Re-exported here."""

from .campaigns import (
    AudienceLanguage,
    Campaign,
    CampaignBodyBlock,
    CampaignLink,
    CampaignQuerySet,
    CampaignSend,
    MailSettings,
    SendState,
)
from .consent import (
    CaptureMethod,
    CapturePoint,
    ConsentAction,
    ConsentEvent,
    Language,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Suppression,
    SuppressionReason,
    email_hash,
)
from .deliveries import Delivery, DeliveryStatus, Feedback, WebhookEvent
from .topics import ConsentText, Topic, TopicKind

__all__ = [
    "AudienceLanguage",
    "CampaignBodyBlock",
    "CampaignSend",
    "Feedback",
    "Language",
    "Campaign",
    "CampaignLink",
    "CampaignQuerySet",
    "CaptureMethod",
    "CapturePoint",
    "ConsentAction",
    "ConsentEvent",
    "ConsentText",
    "Delivery",
    "DeliveryStatus",
    "MailSettings",
    "SendState",
    "Subscriber",
    "Subscription",
    "SubscriptionStatus",
    "Suppression",
    "SuppressionReason",
    "Topic",
    "TopicKind",
    "WebhookEvent",
    "email_hash",
]
