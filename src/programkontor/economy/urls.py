from django.urls import URLPattern

app_name = "economy"

urlpatterns: list[URLPattern] = []
