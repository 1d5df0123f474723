"""Account URLs: allauth's, under /konto/ (and /en/konto/), and the member's own data
("accounts:my_data", its export and deleting the account)."""

from django.urls import include, path

from . import views

my_data_patterns = [
    path("mine-data/", views.MyDataView.as_view(), name="my_data"),
    path("mine-data/eksport/", views.MyDataExportView.as_view(), name="my_data_export"),
    path("slett/", views.DeleteAccountView.as_view(), name="delete_account"),
    path("slettet/", views.AccountDeletedView.as_view(), name="account_deleted"),
]

urlpatterns = [
    path("", include((my_data_patterns, "accounts"))),
    path("", include("allauth.urls")),
]
