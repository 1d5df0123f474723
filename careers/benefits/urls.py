"""Member-facing URLs of the benefits feature (in the `careers` namespace, under fordeler/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.BenefitListView.as_view(), name="benefit_list"),
    path("<int:pk>/", views.BenefitDetailView.as_view(), name="benefit_detail"),
    path("<int:pk>/bruk/", views.BenefitRedeemView.as_view(), name="benefit_redeem"),
]
