"""Links sent by mail about a registration; they work without signing in. The event pages
themselves (registering, cancelling, the .ics) are routes of EventPage."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("avmelding/<str:token>/", views.CancelByTokenView.as_view(), name="cancel"),
    path("bekreft/<str:token>/", views.VisitorConfirmView.as_view(), name="visitor_confirm"),
    path("tilbakemelding/<str:token>/", views.FeedbackView.as_view(), name="feedback"),
]
