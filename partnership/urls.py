from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("projects/new/", views.project_new, name="project_new"),
    path("surveys/<int:pk>/", views.survey_answer, name="survey_answer"),
]
