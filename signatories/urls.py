from django.urls import path

from . import views

app_name = "signatories"

urlpatterns = [
    path("compacts/", views.compact_list, name="compact_list"),
    path("compacts/<slug:slug>/", views.compact_detail, name="compact_detail"),
    path("signatories/", views.signatory_list, name="signatory_list"),
    path("signatories/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
