"""Member-facing URLs of the community app, mounted under /medlemmer/ (namespace `community`)."""

from django.urls import include, path

from . import views
from .messaging import views as messaging_views
from .moderation import views as moderation_views
from .notifications import views as notification_views

app_name = "community"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("profil/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("profil/bilde/", views.PhotoUploadView.as_view(), name="photo_upload"),
    path("profil/bekreft/", views.ConfirmProfileView.as_view(), name="profile_confirm"),
    path("profil/<int:pk>/", views.ProfileDetailView.as_view(), name="profile_detail"),
    path("verifisering/", views.ClaimCreateView.as_view(), name="claim_create"),
    path("katalog/", views.DirectoryView.as_view(), name="directory"),
    path(
        "profil/<int:pk>/blokker/", messaging_views.BlockMemberView.as_view(), name="member_block"
    ),
    path("meldinger/", messaging_views.InboxView.as_view(), name="inbox"),
    path("meldinger/ny/", messaging_views.NewConversationView.as_view(), name="conversation_new"),
    path("meldinger/sok/", messaging_views.MessageSearchView.as_view(), name="message_search"),
    path(
        "meldinger/innstillinger/",
        messaging_views.MessagingSettingsView.as_view(),
        name="messaging_settings",
    ),
    path("meldinger/<int:pk>/", messaging_views.ConversationView.as_view(), name="conversation"),
    path(
        "meldinger/<int:pk>/nye/",
        messaging_views.NewMessagesView.as_view(),
        name="conversation_new_messages",
    ),
    path(
        "meldinger/<int:pk>/handling/",
        messaging_views.ConversationActionView.as_view(),
        name="conversation_action",
    ),
    path(
        "meldinger/<int:pk>/deltakere/",
        messaging_views.AddParticipantsView.as_view(),
        name="conversation_add",
    ),
    path(
        "meldinger/melding/<int:pk>/endre/",
        messaging_views.EditMessageView.as_view(),
        name="message_edit",
    ),
    path(
        "meldinger/melding/<int:pk>/slett/",
        messaging_views.DeleteForMeView.as_view(),
        name="message_delete",
    ),
    path("grupper/", include("community.groups.urls")),
    path("varsler/", notification_views.NotificationListView.as_view(), name="notification_list"),
    path(
        "varsler/<int:pk>/lest/",
        notification_views.MarkReadView.as_view(),
        name="notification_mark_read",
    ),
    path(
        "varsler/alle-lest/",
        notification_views.MarkAllReadView.as_view(),
        name="notification_mark_all_read",
    ),
    path(
        "varsler/innstillinger/",
        notification_views.NotificationSettingsView.as_view(),
        name="notification_settings",
    ),
    path(
        "varsler/antall/", notification_views.UnreadCountView.as_view(), name="notification_count"
    ),
    path(
        "meldinger/melding/<int:pk>/rapporter/",
        moderation_views.ReportMessageView.as_view(),
        name="message_report",
    ),
]
