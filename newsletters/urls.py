"""Public newsletter URLs, mounted at /nyhetsbrev/ (namespace `newsletters`).

Every link in a mail carries a signed token (newsletters.tokens); unsubscribing works without a
login and without cookies (SECURITY.md E5, E6).
"""

from django.urls import path

from .views import clicks, preferences, subscribe, unsubscribe

app_name = "newsletters"

urlpatterns = [
    path("", subscribe.SubscribeView.as_view(), name="subscribe"),
    path("sjekk-e-posten/", subscribe.SubscribeSentView.as_view(), name="subscribe_sent"),
    path("bekreft/<str:token>/", subscribe.ConfirmView.as_view(), name="confirm"),
    path("mine/", preferences.PreferencesView.as_view(), name="preferences"),
    path("innstillinger/<str:token>/", preferences.ManageView.as_view(), name="manage"),
    path("avmeld/<str:token>/", unsubscribe.UnsubscribeView.as_view(), name="unsubscribe"),
    path("lenke/<uuid:token>/", clicks.LinkRedirectView.as_view(), name="link"),
]
