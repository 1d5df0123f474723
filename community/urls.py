"""Member-facing URLs of the community app, mounted under /medlemmer/ (namespace `community`)."""

from django.urls import path

from . import views
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
]
