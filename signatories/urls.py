from django.urls import path

from . import views

app_name = "signatories"

urlpatterns = [
    path("compacts/", views.compact_list, name="compact_list"),
    path("compacts/<slug:slug>/", views.compact_detail, name="compact_detail"),
    path("signatories/", views.signatory_list, name="signatory_list"),
    path("signatories.csv", views.signatories_csv, name="signatories_csv"),
    path("signatories.json", views.signatories_json, name="signatories_json"),
    path("signatories/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("signatories/<int:pk>/manage/", views.manage, name="manage"),
    path("signatories/<int:pk>/edit/", views.edit_organisation, name="edit_organisation"),
    path("signatories/<int:pk>/contacts/", views.add_contact, name="add_contact"),
    path(
        "signatories/<int:pk>/contacts/<int:contact_pk>/remove/",
        views.remove_contact,
        name="remove_contact",
    ),
    path(
        "signatories/<int:pk>/signatures/<int:signature_pk>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path(
        "signatories/<int:pk>/signatures/<int:signature_pk>/recommit/",
        views.recommit,
        name="recommit",
    ),
    path("sign-up/", views.signup_start, name="signup_start"),
    path("sign-up/organisation/", views.signup_which, name="signup_which"),
    path("sign-up/organisation/details/", views.signup_organisation, name="signup_organisation"),
    path("sign-up/contact/", views.signup_contact, name="signup_contact"),
    path("sign-up/compact/", views.signup_compact, name="signup_compact"),
    path("sign-up/commitment/", views.signup_commitment, name="signup_commitment"),
    path("sign-up/check/", views.signup_check, name="signup_check"),
    path("sign-up/done/", views.signup_done, name="signup_done"),
    path("claim/<str:token>/", views.claim, name="claim"),
    path("reference-group/", views.reference_group, name="reference_group"),
]
