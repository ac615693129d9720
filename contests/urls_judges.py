from django.urls import path

from .views import judges

app_name = "judges"
urlpatterns = [
    path("", judges.assignment_list, name="assignment.list"),
    path("cham/<int:pk>/", judges.assignment_detail, name="assignment.detail"),
    path("cham/<int:pk>/xung-dot/", judges.conflict_declare, name="conflict.declare"),
]
