from django.urls import path

from . import views
from .feeds import ConsultationFeed

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("yours/", views.manage_list, name="manage_list"),
    path("new/", views.consultation_new, name="new"),
    path("feed.atom", ConsultationFeed(), name="feed"),
    path("calendar.ics", views.calendar, name="calendar"),
    path("check.json", views.period_check, name="period_check"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/documents/", views.document_new, name="document_new"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/close-early/", views.close_early, name="close_early"),
    path("<int:pk>/responses/summary/", views.response_summary, name="response_summary"),
    path(
        "<int:pk>/responses/summary.csv", views.response_summary_csv, name="response_summary_csv"
    ),
    path("<int:pk>/responses/new/", views.record_response, name="record_response"),
    path("<int:pk>/responses.csv", views.responses_csv, name="responses_csv"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/respond/done/", views.response_done, name="response_done"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    path("follow/confirm/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("follow/stop/<str:token>/", views.unfollow, name="unfollow"),
    path("alerts/", views.forthcoming_alerts, name="alerts"),
    path("alerts/stop/<str:token>/", views.alert_stop, name="alert_stop"),
    path("<int:pk>/documents/<int:document_pk>/", views.document, name="document"),
]
