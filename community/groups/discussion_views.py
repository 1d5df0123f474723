"""The group page with its threads, a thread with its replies, writing, editing, moderating
and reporting posts, and the group moderators' report queue.

Every URL with a thread or reply id finds its group through the object and asks `policy` (C1):
whoever may not read the group's content gets 404 and nothing changes; a hidden post is a 404
for everyone but the group's moderators. Membership is read on each request, so a removal or a
ban takes effect on the next one (C2). Lists run a constant number of queries (R2).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from ..models import GroupReply, GroupThread
from ..moderation.service import (
    GroupReportAction,
    ReportRefused,
    decide_group_report,
    reports_for_group,
)
from ..moderation.views import ReportContentView
from . import discussions, policy
from .discussion_forms import GroupReportDecisionForm, ReplyForm, ThreadForm
from .discussions import DiscussionRefused
from .post_html import UrlPattern, render_thread_posts
from .viewing import GroupPageMixin, GroupsView

REPORTS_PER_PAGE = 25


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, so no page runs a COUNT over a busy group's
    threads or a long thread's replies: the denormalised counters the discussion service keeps
    (group.thread_count, thread.reply_count) say it. Replies are exact: a hidden reply keeps its
    place, shown as hidden. Threads are exact for moderators; for everyone else the few hidden
    threads are counted too, which at worst makes the last page shorter than the others — a
    price worth a COUNT-free group page with 50,000 posts."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


# --- Finding the thread or reply of the URL -------------------------------------------------------


class PostPageMixin(GroupPageMixin):
    """For URLs with a thread or reply id: the group comes from the post, never from the URL."""

    group_url_kwarg = "group_pk"  # not in these URLs: GroupPageMixin loads nothing itself
    needs_content = True

    def use_group(self, group):
        access = policy.access_for(group, self.request.user)
        if not (access.can_see and access.can_read):
            raise Http404
        self.group, self.access = group, access

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.load_post(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class ThreadPageMixin(PostPageMixin):
    def load_post(self, pk):
        thread = get_object_or_404(
            GroupThread.objects.select_related("group__faculty", "author__profile"), pk=pk
        )
        self.use_group(thread.group)
        if not policy.can_see_post(self.group, self.request.user, thread):
            raise Http404
        self.thread = thread


class ReplyPageMixin(PostPageMixin):
    def load_post(self, pk):
        reply = get_object_or_404(
            GroupReply.objects.select_related("thread__group__faculty", "author__profile"), pk=pk
        )
        self.use_group(reply.thread.group)
        if not policy.can_see_post(self.group, self.request.user, reply, thread=reply.thread):
            raise Http404
        self.reply, self.thread = reply, reply.thread


def decorate(post, group, user, thread, now):
    """What the templates show of a post and which of its buttons the user gets."""
    post.author_name = discussions.post_author_name(post)
    post.is_mine = post.author_id is not None and post.author_id == user.pk
    post.can_edit = policy.can_edit_post(group, user, post, thread, now=now)
    post.can_delete = policy.can_delete_post(group, user, post)
    post.can_report = not post.is_mine and post.hidden_at is None
    return post


# --- The group page ------------------------------------------------------------------------------


class GroupDetailView(GroupPageMixin, GroupsView):
    """The group's discussions: its meetups, then its threads, pinned first. Someone who may see
    the group but not read it (a by-request or invite-only group they are not in) is sent to
    its about page."""

    def get(self, request, pk):
        group, access = self.group, self.access
        if not access.can_read:
            return redirect("community:group_about", pk=group.pk)
        threads = discussions.threads_for_list(group, request.user)
        paginator = CountedPaginator(threads, discussions.THREADS_PER_PAGE, group.thread_count)
        page = paginator.get_page(request.GET.get("page"))
        threads = list(page)
        thread_url = UrlPattern("community:group_thread")
        for thread in threads:
            thread.author_name = discussions.post_author_name(thread)
            thread.url = thread_url(thread.pk)
        return TemplateResponse(
            request,
            "community/groups/group_detail.html",
            self.group_context(group_tab="discussions", page_obj=page, threads=threads),
        )


class ThreadCreateView(GroupPageMixin, GroupsView):
    needs_content = True

    def refused(self):
        messages.error(
            self.request,
            _("This group is archived: nobody can post until its owner revives it.")
            if self.group.is_archived
            else _("Only the group's members can post. Join the group first."),
        )
        return redirect("community:group_detail", pk=self.group.pk)

    def get(self, request, pk):
        if not self.access.can_post:
            return self.refused()
        return self.render(ThreadForm())

    def post(self, request, pk):
        if not self.access.can_post:
            return self.refused()
        form = ThreadForm(request.POST)
        if form.is_valid():
            try:
                thread = discussions.start_thread(
                    request.user, self.group, form.cleaned_data["title"], form.cleaned_data["body"]
                )
            except DiscussionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Your thread is posted."))
                return redirect("community:group_thread", pk=thread.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return TemplateResponse(
            self.request,
            "community/groups/thread_form.html",
            self.group_context(group_tab="discussions", form=form, editing=False),
            status=status,
        )


# --- A thread ------------------------------------------------------------------------------------


class ThreadView(ThreadPageMixin, GroupsView):
    """The opening post and its replies, 50 a page, oldest first (?svar=<id> opens the page
    holding that reply); the reply form for members who may post."""

    def get(self, request, pk):
        return self.render(ReplyForm())

    def post(self, request, pk):
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                reply = discussions.reply(request.user, self.thread, form.cleaned_data["body"])
            except DiscussionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Your reply is posted."))
                return redirect(discussions.reply_link(reply))
        return self.render(form, status=400)

    def page_number(self):
        wanted = self.request.GET.get("svar", "")
        if wanted.isdigit():
            reply = self.thread.replies.filter(pk=int(wanted)).first()
            if reply is not None:
                return discussions.reply_page(discussions.reply_position(reply))
        return self.request.GET.get("page")

    def render(self, form, status=200):
        request, group, thread = self.request, self.group, self.thread
        user, now = request.user, timezone.now()
        paginator = CountedPaginator(
            discussions.replies_for_thread(thread), discussions.REPLIES_PER_PAGE, thread.reply_count
        )
        page = paginator.get_page(self.page_number())
        replies = [decorate(reply, group, user, thread, now) for reply in page]
        try:
            discussions.check_may_reply(user, thread)
        except DiscussionRefused as refusal:
            reply_refusal = str(refusal)
        else:
            reply_refusal = ""
        thread = decorate(thread, group, user, thread, now)
        opening_html, reply_html = render_thread_posts(
            thread,
            replies,
            moderator=self.access.can_moderate,
            here=request.get_full_path(),
            csrf_token=get_token(request),
        )
        return TemplateResponse(
            request,
            "community/groups/thread.html",
            self.group_context(
                group_tab="discussions",
                thread=thread,
                opening_html=opening_html,
                replies=reply_html,
                page_obj=page,
                form=form,
                reply_refusal=reply_refusal,
                thread_url=reverse("community:group_thread", args=[thread.pk]),
            ),
            status=status,
        )


class ThreadEditView(ThreadPageMixin, GroupsView):
    """The author changes the title and text within the edit window."""

    def check_may_edit(self):
        if self.thread.author_id != self.request.user.pk:
            raise PermissionDenied
        if not policy.can_edit_post(self.group, self.request.user, self.thread, self.thread):
            messages.error(
                self.request,
                discussions.edit_refusal(self.group, self.request.user, self.thread, self.thread),
            )
            return redirect("community:group_thread", pk=self.thread.pk)
        return None

    def get(self, request, pk):
        refused = self.check_may_edit()
        if refused:
            return refused
        return self.render(
            ThreadForm(initial={"title": self.thread.title, "body": self.thread.body})
        )

    def post(self, request, pk):
        refused = self.check_may_edit()
        if refused:
            return refused
        form = ThreadForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            discussions.edit_thread(
                request.user, self.thread, form.cleaned_data["title"], form.cleaned_data["body"]
            )
        except DiscussionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Your thread is changed."))
        return redirect("community:group_thread", pk=self.thread.pk)

    def render(self, form, status=200):
        return TemplateResponse(
            self.request,
            "community/groups/thread_form.html",
            self.group_context(
                group_tab="discussions", form=form, editing=True, thread=self.thread
            ),
            status=status,
        )


class ReplyEditView(ReplyPageMixin, GroupsView):
    """The author changes a reply within the edit window."""

    def check_may_edit(self):
        if self.reply.author_id != self.request.user.pk:
            raise PermissionDenied
        if not policy.can_edit_post(self.group, self.request.user, self.reply, self.thread):
            messages.error(
                self.request,
                discussions.edit_refusal(self.group, self.request.user, self.reply, self.thread),
            )
            return redirect(discussions.reply_link(self.reply))
        return None

    def get(self, request, pk):
        refused = self.check_may_edit()
        if refused:
            return refused
        return self.render(ReplyForm(initial={"body": self.reply.body}))

    def post(self, request, pk):
        refused = self.check_may_edit()
        if refused:
            return refused
        form = ReplyForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            discussions.edit_reply(request.user, self.reply, form.cleaned_data["body"])
        except DiscussionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Your reply is changed."))
        return redirect(discussions.reply_link(self.reply))

    def render(self, form, status=200):
        return TemplateResponse(
            self.request,
            "community/groups/reply_edit.html",
            self.group_context(
                group_tab="discussions", form=form, reply=self.reply, thread=self.thread
            ),
            status=status,
        )


# --- Moderating a post ---------------------------------------------------------------------------


THREAD_DONE = {
    "pin": gettext_lazy("The thread is pinned."),
    "unpin": gettext_lazy("The thread is no longer pinned."),
    "lock": gettext_lazy("The thread is locked: nobody can reply to it."),
    "unlock": gettext_lazy("The thread is open for replies again."),
    "hide": gettext_lazy("The thread is hidden from the group's members."),
    "unhide": gettext_lazy("The thread is shown again."),
    "delete": gettext_lazy("The thread is deleted."),
}
REPLY_DONE = {
    "hide": gettext_lazy("The reply is hidden from the group's members."),
    "unhide": gettext_lazy("The reply is shown again."),
    "delete": gettext_lazy("The reply is deleted."),
}


class PostActionMixin:
    """POST action=<one of `actions`>. Whoever may read the post but not take the action gets
    403 and nothing changes; deleting asks for confirmation first (confirm=1)."""

    http_method_names = ["post"]
    actions = ()
    done_messages = {}

    def post(self, request, pk):
        action = request.POST.get("action", "")
        if action not in self.actions:
            messages.error(request, _("Unknown action."))
            return redirect(self.back_url())
        post = self.get_post()
        if not discussions.may_act(request.user, self.group, post, action):
            raise PermissionDenied
        if action == "delete" and request.POST.get("confirm") != "1":
            return TemplateResponse(
                request,
                "community/groups/confirm_delete.html",
                self.group_context(
                    group_tab="discussions",
                    post=decorate(post, self.group, request.user, self.thread, timezone.now()),
                    is_thread=post is self.thread,
                    cancel_url=self.back_url(),
                ),
            )
        try:
            self.act(action)
        except DiscussionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(self.back_url())
        messages.success(request, str(self.done_messages[action]))
        return redirect(self.after_url(action))


class ThreadActionView(PostActionMixin, ThreadPageMixin, GroupsView):
    actions = discussions.THREAD_ACTIONS
    done_messages = THREAD_DONE

    def get_post(self):
        return self.thread

    def act(self, action):
        discussions.moderate_thread(self.request.user, self.thread, action)

    def back_url(self):
        return reverse("community:group_thread", args=[self.thread.pk])

    def after_url(self, action):
        if action == "delete":
            return reverse("community:group_detail", args=[self.group.pk])
        return self.back_url()


class ReplyActionView(PostActionMixin, ReplyPageMixin, GroupsView):
    actions = discussions.REPLY_ACTIONS
    done_messages = REPLY_DONE

    def get_post(self):
        return self.reply

    def act(self, action):
        discussions.moderate_reply(self.request.user, self.reply, action)

    def back_url(self):
        return discussions.reply_link(self.reply)

    def after_url(self, action):
        if action == "delete":
            return reverse("community:group_thread", args=[self.thread.pk])
        return self.back_url()


# --- Reporting a post ----------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class ThreadReportView(ReportContentView):
    """Report a thread to the group's moderators; a stranger to its content gets 404 (C1)."""

    template_name = "community/groups/report_form.html"

    def get_content(self, pk):
        return get_object_or_404(
            GroupThread.objects.select_related("group", "author__profile"), pk=pk
        )

    def content_context(self):
        thread = self.content
        return {
            "group": thread.group,
            "title": thread.title,
            "body": thread.body,
            "created_at": thread.created_at,
            "author_name": discussions.author_name(thread.author),
            "is_thread": True,
        }

    def default_next_url(self):
        return reverse("community:group_thread", args=[self.content.pk])


@method_decorator(never_cache, name="dispatch")
class ReplyReportView(ReportContentView):
    """Report a reply to the group's moderators; a stranger to its content gets 404 (C1)."""

    template_name = "community/groups/report_form.html"

    def get_content(self, pk):
        return get_object_or_404(
            GroupReply.objects.select_related("thread__group", "author__profile"), pk=pk
        )

    def content_context(self):
        reply = self.content
        return {
            "group": reply.thread.group,
            "title": reply.thread.title,
            "body": reply.body,
            "created_at": reply.created_at,
            "author_name": discussions.author_name(reply.author),
            "is_thread": False,
        }

    def default_next_url(self):
        return discussions.reply_link(self.content)


# --- The group moderators' report queue ----------------------------------------------------------


class GroupReportsView(GroupPageMixin, GroupsView):
    """Open reports on the group's posts for its owner and moderators, with what was reported,
    and the decision: dismiss, hide or delete. Members who do not moderate get 403."""

    needs_content = True

    def check_moderator(self):
        if not self.access.can_moderate:
            raise PermissionDenied

    def get(self, request, pk):
        self.check_moderator()
        reports = reports_for_group(self.group, request.user).prefetch_related("content_object")
        page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
        rows = []
        for report in page:
            content = report.content_object
            if isinstance(content, GroupThread):
                report.content_url = reverse("community:group_thread", args=[content.pk])
            elif isinstance(content, GroupReply):
                report.content_url = discussions.reply_link(content)
            else:
                report.content_url = ""
            report.form = GroupReportDecisionForm(
                initial={"report": report.pk}, auto_id=f"report-{report.pk}-%s"
            )
            rows.append(report)
        return TemplateResponse(
            request,
            "community/groups/reports.html",
            self.group_context(group_tab="reports", reports=rows, page_obj=page),
        )

    def post(self, request, pk):
        self.check_moderator()
        form = GroupReportDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to do with the report."))
            return redirect("community:group_reports", pk=self.group.pk)
        report = (
            reports_for_group(self.group, request.user)
            .filter(pk=form.cleaned_data["report"])
            .first()
        )
        if report is None:
            messages.error(request, _("This report has already been decided."))
            return redirect("community:group_reports", pk=self.group.pk)
        action = GroupReportAction(form.cleaned_data["action"])
        try:
            decided = decide_group_report(
                report, request.user, action, note=form.cleaned_data["note"]
            )
        except ReportRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if decided:
                messages.success(request, _("Decided: %(action)s.") % {"action": action.label})
            else:
                messages.error(request, _("This report has already been decided."))
        return redirect("community:group_reports", pk=self.group.pk)
