from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("new/", views.agreement_new, name="agreement_new"),
    path("renewals/", views.renewal_list, name="renewal_list"),
    path("check.json", views.rule_check, name="rule_check"),
    path("360giving.json", views.giving_360, name="giving_360"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/notices/new/", views.notice_new, name="notice_new"),
    path("<int:pk>/renewal/", views.renewal_new, name="renewal_new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/reply/", views.notice_reply, name="notice_reply"),
]
