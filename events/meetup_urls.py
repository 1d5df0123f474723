"""A group's meetups, mounted in the project's URLs under the language prefix:
`path("medlemmer/grupper/<int:group_pk>/treff/", include("events.meetup_urls"))` (namespace
`meetups`). The meetup itself is an event page; these are the group's list and the moderators'
forms."""

from django.urls import path

from . import meetup_views

app_name = "meetups"

urlpatterns = [
    path("", meetup_views.MeetupListView.as_view(), name="list"),
    path("ny/", meetup_views.MeetupCreateView.as_view(), name="create"),
    path("<int:pk>/endre/", meetup_views.MeetupEditView.as_view(), name="edit"),
    path("<int:pk>/avlys/", meetup_views.MeetupCancelView.as_view(), name="cancel"),
]
