"""Calendar feeds and the member's page for their own feed. Mounted in the project's URLs under
the language prefix: `path("kalender/", include("events.calendar_urls"))`."""

from django.urls import path

from . import calendars

app_name = "calendars"

urlpatterns = [
    path("arrangementer.ics", calendars.SiteFeedView.as_view(), name="site_feed"),
    path("fakultet/<slug:code>.ics", calendars.FacultyFeedView.as_view(), name="faculty_feed"),
    path("mine/<str:token>.ics", calendars.PersonalFeedView.as_view(), name="personal_feed"),
    path("min-kalender/", calendars.MyCalendarView.as_view(), name="my_calendar"),
]
