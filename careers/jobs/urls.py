"""Member- and visitor-facing URLs of the jobs feature (in the `careers` namespace), under
/karriere/jobber/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("ny/", views.JobCreateView.as_view(), name="job_create"),
    path("mine/", views.MyJobsView.as_view(), name="job_mine"),
    path("varsler/", views.JobAlertListView.as_view(), name="job_alerts"),
    path("varsler/lagre/", views.JobAlertSaveView.as_view(), name="job_alert_save"),
    path("varsler/<int:pk>/slett/", views.JobAlertDeleteView.as_view(), name="job_alert_delete"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/endre/", views.JobEditView.as_view(), name="job_edit"),
    path("<int:pk>/forny/", views.JobActionView.as_view(action="renew"), name="job_renew"),
    path("<int:pk>/lukk/", views.JobActionView.as_view(action="close"), name="job_close"),
    path("<int:pk>/rapporter/", views.JobReportView.as_view(), name="job_report"),
]
