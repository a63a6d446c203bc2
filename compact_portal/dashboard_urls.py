from django.urls import path

from . import dashboard_views

app_name = "dashboard"

urlpatterns = [
    path("", dashboard_views.index, name="index"),
    path("metrics.json", dashboard_views.metrics_json, name="metrics"),
    path("<slug:slug>/", dashboard_views.compact_dashboard, name="compact"),
    path("<slug:slug>/summary/", dashboard_views.public_summary, name="public"),
    path("<slug:slug>/bodies/<int:pk>/", dashboard_views.body_report, name="body_report"),
]
