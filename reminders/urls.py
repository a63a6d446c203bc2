from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("turn-off/<str:token>/", views.opt_out, name="opt_out"),
]
