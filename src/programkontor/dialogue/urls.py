from django.urls import path

from programkontor.dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("", views.EntryListView.as_view(), name="entry_list"),
    path("ny/", views.EntryFormView.as_view(), name="entry_add"),
    path("<int:pk>/", views.EntryDetailView.as_view(), name="entry_detail"),
    path("<int:pk>/rediger/", views.EntryFormView.as_view(), name="entry_edit"),
    path("<int:pk>/arkiver/", views.EntryArchiveView.as_view(), name="entry_archive"),
    path("<int:parent>/opfoelgning/ny/", views.FollowUpAddView.as_view(), name="follow_up_add"),
    path("opfoelgning/<int:pk>/rediger/", views.FollowUpEditView.as_view(), name="follow_up_edit"),
    path("opfoelgning/<int:pk>/udfoert/", views.FollowUpDoneView.as_view(), name="follow_up_done"),
    path("opfoelgning/<int:pk>/slet/", views.FollowUpDeleteView.as_view(), name="follow_up_delete"),
]
urlpatterns += [
    path("kommentarer/<str:target>/<int:pk>/", views.CommentThreadView.as_view(), name="comment_thread"),
]
