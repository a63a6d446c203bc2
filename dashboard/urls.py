from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("metrics.json", views.metrics_json, name="metrics"),
    path("<slug:slug>/", views.compact_dashboard, name="compact"),
    path("<slug:slug>/summary/", views.public_summary, name="public"),
    path("<slug:slug>/bodies/<int:pk>/", views.body_report, name="body_report"),
    path("<slug:slug>/pack/<int:year>/", views.annual_pack, name="pack"),
    path("<slug:slug>/summary/pack/<int:year>/", views.public_annual_pack, name="public_pack"),
]
