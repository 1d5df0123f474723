"""Member-facing URLs of the mentoring feature (in the `careers` namespace), under
/karriere/mentorer/."""

from django.urls import path

from . import mentorship_views, views

urlpatterns = [
    path("", views.MentorListView.as_view(), name="mentor_list"),
    path("bli-mentor/", views.MentorOfferView.as_view(), name="mentor_offer"),
    path("min-mentoring/", mentorship_views.MyMentoringView.as_view(), name="my_mentoring"),
    path("<int:pk>/", views.MentorDetailView.as_view(), name="mentor_detail"),
    path(
        "foresporsel/<int:pk>/",
        mentorship_views.RequestDetailView.as_view(),
        name="mentoring_request",
    ),
    path(
        "foresporsel/<int:pk>/godta/",
        mentorship_views.AcceptRequestView.as_view(),
        name="mentoring_request_accept",
    ),
    path(
        "foresporsel/<int:pk>/avslaa/",
        mentorship_views.DeclineRequestView.as_view(),
        name="mentoring_request_decline",
    ),
    path(
        "foresporsel/<int:pk>/trekk/",
        mentorship_views.WithdrawRequestView.as_view(),
        name="mentoring_request_withdraw",
    ),
    path(
        "mentorskap/<int:pk>/", mentorship_views.MentorshipDetailView.as_view(), name="mentorship"
    ),
    path(
        "mentorskap/<int:pk>/avslutt/",
        mentorship_views.EndMentorshipView.as_view(),
        name="mentorship_end",
    ),
    path(
        "mentorskap/<int:pk>/tilbakemelding/",
        mentorship_views.FeedbackView.as_view(),
        name="mentorship_feedback",
    ),
    path("program/<int:pk>/", views.ProgrammeView.as_view(), name="mentoring_programme"),
]
