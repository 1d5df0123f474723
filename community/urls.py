"""Member-facing URLs of the community app, mounted under /medlemmer/ (namespace `community`)."""

from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("profil/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("profil/bilde/", views.PhotoUploadView.as_view(), name="photo_upload"),
    path("profil/bekreft/", views.ConfirmProfileView.as_view(), name="profile_confirm"),
    path("profil/<int:pk>/", views.ProfileDetailView.as_view(), name="profile_detail"),
    path("verifisering/", views.ClaimCreateView.as_view(), name="claim_create"),
    path("katalog/", views.DirectoryView.as_view(), name="directory"),
]
