"""Group URLs, mounted under /medlemmer/grupper/ in the `community` namespace.

Every URL with a group, thread or reply id looks it up through `policy` (C1)."""

from django.urls import path

from . import directory_views, discussion_views, views

urlpatterns = [
    # Finding groups
    path("", directory_views.GroupDirectoryView.as_view(), name="group_directory"),
    path("mine/", directory_views.MyGroupsView.as_view(), name="group_mine"),
    # Running a group and its membership
    path("ny/", views.GroupCreateView.as_view(), name="group_create"),
    path("<int:pk>/om/", views.GroupAboutView.as_view(), name="group_about"),
    path("<int:pk>/endre/", views.GroupEditView.as_view(), name="group_edit"),
    path("<int:pk>/bli-med/", views.GroupJoinView.as_view(), name="group_join"),
    path("<int:pk>/forlat/", views.GroupLeaveView.as_view(), name="group_leave"),
    path(
        "<int:pk>/invitasjon/avsla/",
        views.GroupDeclineInvitationView.as_view(),
        name="group_decline_invitation",
    ),
    path("<int:pk>/medlemmer/", views.GroupMembersView.as_view(), name="group_members"),
    path(
        "<int:pk>/medlemmer/<int:membership_pk>/",
        views.GroupMemberActionView.as_view(),
        name="group_member_action",
    ),
    path("<int:pk>/inviter/", views.GroupInviteView.as_view(), name="group_invite"),
    path("<int:pk>/varsler/", views.GroupNotificationsView.as_view(), name="group_notifications"),
    path("<int:pk>/arkiv/", views.GroupArchiveView.as_view(), name="group_archive"),
    # The group page, discussions and their moderation
    path("<int:pk>/", discussion_views.GroupDetailView.as_view(), name="group_detail"),
    path(
        "<int:pk>/traader/ny/", discussion_views.ThreadCreateView.as_view(), name="group_thread_new"
    ),
    path("<int:pk>/rapporter/", discussion_views.GroupReportsView.as_view(), name="group_reports"),
    path("traader/<int:pk>/", discussion_views.ThreadView.as_view(), name="group_thread"),
    path(
        "traader/<int:pk>/endre/",
        discussion_views.ThreadEditView.as_view(),
        name="group_thread_edit",
    ),
    path(
        "traader/<int:pk>/handling/",
        discussion_views.ThreadActionView.as_view(),
        name="group_thread_action",
    ),
    path(
        "traader/<int:pk>/rapporter/",
        discussion_views.ThreadReportView.as_view(),
        name="group_thread_report",
    ),
    path("svar/<int:pk>/endre/", discussion_views.ReplyEditView.as_view(), name="group_reply_edit"),
    path(
        "svar/<int:pk>/handling/",
        discussion_views.ReplyActionView.as_view(),
        name="group_reply_action",
    ),
    path(
        "svar/<int:pk>/rapporter/",
        discussion_views.ReplyReportView.as_view(),
        name="group_reply_report",
    ),
]
