from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("raise/", views.raise_concern, name="raise"),
    path("lessons/", views.lessons, name="lessons"),
    path("<str:reference>/", views.case_detail, name="case_detail"),
    path("<str:reference>/messages/", views.message_new, name="message_new"),
    path("<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:reference>/confirm/", views.confirm_no_conflict, name="confirm"),
    path("<str:reference>/conflict/", views.declare_conflict, name="declare_conflict"),
    path(
        "<str:reference>/meetings/<int:meeting_pk>/calendar.ics",
        views.meeting_calendar,
        name="meeting_calendar",
    ),
    path("<str:reference>/attachments/<int:message_pk>/", views.attachment, name="attachment"),
]
