"""The portal's URLs: each app mounts its own."""

from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Compact Portal administration"
admin.site.site_title = "Compact Portal admin"
admin.site.index_title = "Run your Compact"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("status", views.status, name="status"),
    path("feedback", views.feedback, name="feedback"),
    path("accessibility", views.accessibility, name="accessibility"),
    path("reminders/", include("reminders.urls")),
    path("account/", include("accounts.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("", include("partnership.urls")),
    path("", include("signatories.urls")),
    path("funding/", include("funding.urls")),
    path("consultations/", include("consultations.urls")),
    path("cases/", include("disputes.urls")),
    path("admin/", admin.site.urls),
]
# Uploaded files are never served from MEDIA_URL: each is downloaded through a view that
# checks who may have it (consultation documents, case attachments).
