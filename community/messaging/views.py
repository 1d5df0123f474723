"""The member's messaging pages: inbox, conversation, new conversation, search, settings, blocks.

Every object URL looks the object up through the current user's own participations, so a
stranger gets 404 and nothing changes (SECURITY.md C1, C2). Pages with messages are never cached
(S7). Queries per page are constant however long the inbox or the conversation (R2).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import View

from home.plain_text import plain_text_html_many

from ..groups.post_html import UrlPattern
from ..members import ensure_profile, is_verified_member
from ..models import MemberBlock, Message, Participant, Profile
from ..privacy import Viewer, can_view_profile
from . import policy, service
from .forms import (
    MemberSearchForm,
    MessageForm,
    MessageSearchForm,
    MessagingSettingsForm,
    NewConversationForm,
)

INBOX_PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 30
SEARCH_PAGE_SIZE = 20
MEMBER_MATCHES = 10


class MessagingView(LoginRequiredMixin, View):
    """Signed-in members only; nothing here is stored by browsers or proxies (S7)."""

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class ParticipantMixin:
    """Loads the current user's participation in the conversation of the URL, or 404."""

    def get_participant(self, pk):
        participant = service.participant_for(self.request.user, pk)
        if participant is None:
            raise Http404
        return participant


class InboxView(MessagingView):
    def get(self, request):
        archived = request.GET.get("arkiv") == "1"
        rows = Participant.objects.inbox(request.user, archived=archived).prefetch_related(
            Prefetch(
                "conversation__participants",
                queryset=Participant.objects.current().select_related("user__profile"),
                to_attr="current_participants",
            )
        )
        page = Paginator(rows, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "community/messaging/inbox.html",
            {
                "page_obj": page,
                "rows": [inbox_row(row, request.user) for row in page.object_list],
                "archived": archived,
                "search_form": MessageSearchForm(),
                "may_start": is_verified_member(request.user),
            },
        )


def inbox_row(participant, user):
    conversation = participant.conversation
    others = [p for p in conversation.current_participants if p.user_id != user.pk]
    return {
        "participant": participant,
        "conversation": conversation,
        "names": conversation_names(conversation, others),
        "last": conversation.last_message,
    }


def conversation_names(conversation, others) -> str:
    if conversation.title:
        return conversation.title
    names = [display_name(p.user) for p in others]
    return ", ".join(names) if names else _("Former member")


def display_name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else _("Former member")


class ConversationView(ParticipantMixin, MessagingView):
    """The latest messages (older ones page back with ?for=<id>), the reply form, and the
    participants' read state; opening it marks it read."""

    def get(self, request, pk):
        participant = self.get_participant(pk)
        return self.render(participant, MessageForm())

    def post(self, request, pk):
        participant = self.get_participant(pk)
        form = MessageForm(request.POST)
        others = service.other_participants(participant)
        if form.is_valid():
            try:
                service.send_message(participant, form.cleaned_data["body"], others=others)
            except policy.MessagingRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                return redirect(reverse("community:conversation", args=[pk]) + "#skriv")
        return self.render(participant, form, others=others, status=400)

    def render(self, participant, form, others=None, status=200):
        request = self.request
        before = request.GET.get("for")
        history = visible_messages(participant, request.user)
        if before and before.isdigit():
            history = history.filter(pk__lt=int(before))
        batch = list(history.order_by("-pk")[: HISTORY_PAGE_SIZE + 1])
        has_older = len(batch) > HISTORY_PAGE_SIZE
        batch = list(reversed(batch[:HISTORY_PAGE_SIZE]))
        if others is None:
            others = service.other_participants(participant)
        if not before:
            service.mark_read(participant)
        refusal = None
        try:
            policy.check_may_post(participant, service.profiles_of(others))
        except policy.MessagingRefused as error:
            refusal = str(error)
        return TemplateResponse(
            request,
            "community/messaging/conversation.html",
            {
                "participant": participant,
                "conversation": participant.conversation,
                "others": others,
                "title": conversation_names(participant.conversation, others),
                "messages_shown": decorate_all(batch, request.user),
                "has_older": has_older,
                "oldest_id": batch[0].pk if batch else None,
                "latest_id": batch[-1].pk if batch else 0,
                "read_by": read_by(others, batch, request.user),
                "form": form,
                "refusal": refusal,
                "paging_back": bool(before),
            },
            status=status,
        )


def visible_messages(participant, user):
    """What this participant sees, without the members they blocked (M4)."""
    return (
        Message.objects.visible_to(participant)
        .exclude(sender_id__in=MemberBlock.objects.filter(blocker=user).values("blocked_id"))
        .select_related("sender__profile")
    )


def decorate(message, user):
    message.is_mine = message.sender_id == user.pk
    message.sender_name = display_name(message.sender) if message.sender else _("Former member")
    message.editable = service.can_edit(message, user)
    return message


def decorate_all(messages, user) -> list:
    """`decorate` each message, with what its template row shows precomputed for the whole
    batch: the text's HTML (`home.plain_text`, one cache round trip) and the action links, each
    URL name reversed once rather than per message."""
    batch = [decorate(message, user) for message in messages]
    if not batch:
        return batch
    edit_url = UrlPattern("community:message_edit")
    report_url = UrlPattern("community:message_report")
    delete_url = UrlPattern("community:message_delete")
    bodies = plain_text_html_many(message.body for message in batch)
    for message, body_html in zip(batch, bodies, strict=True):
        message.body_html = body_html
        message.edit_url = edit_url(message.pk)
        message.report_url = report_url(message.pk)
        message.delete_url = delete_url(message.pk)
    return batch


def read_by(others, batch, user) -> list[str]:
    """Who has read up to my latest message shown (read state per participant)."""
    mine = [message.pk for message in batch if message.sender_id == user.pk]
    if not mine:
        return []
    return [
        display_name(p.user)
        for p in others
        if p.last_read_message_id and p.last_read_message_id >= mine[-1]
    ]


class NewMessagesView(ParticipantMixin, MessagingView):
    """Polled by the open conversation: messages after ?etter=<id>, appended without a reload.
    Two queries beyond the session and user when nothing is new."""

    def get(self, request, pk):
        participant = self.get_participant(pk)
        after = request.GET.get("etter", "0")
        after = int(after) if after.isdigit() else 0
        new = list(
            visible_messages(participant, request.user).filter(pk__gt=after).order_by("pk")[:50]
        )
        if new:
            service.mark_read(participant)
        return TemplateResponse(
            request,
            "community/messaging/new_messages.html",
            {
                "conversation": participant.conversation,
                "messages_shown": decorate_all(new, request.user),
                "latest_id": new[-1].pk if new else after,
            },
        )


class ConversationActionView(ParticipantMixin, MessagingView):
    """POST archive / unarchive / mute / unmute / unread / leave."""

    FLAGS = {
        "archive": ({"archived": True}, _("The conversation is archived.")),
        "unarchive": ({"archived": False}, _("The conversation is back in your inbox.")),
        "mute": ({"muted": True}, _("You will not be notified about this conversation.")),
        "unmute": ({"muted": False}, _("You will be notified about this conversation again.")),
        "unread": ({"marked_unread": True}, _("The conversation is marked as unread.")),
    }

    def post(self, request, pk):
        participant = self.get_participant(pk)
        action = request.POST.get("action", "")
        if action == "leave":
            try:
                service.leave(participant)
            except policy.MessagingRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("community:conversation", pk=pk)
            messages.success(request, _("You have left the conversation."))
            return redirect("community:inbox")
        if action not in self.FLAGS:
            return HttpResponse(status=400)
        flags, confirmation = self.FLAGS[action]
        service.set_flag(participant, **flags)
        messages.success(request, confirmation)
        if action in ("archive", "unread"):
            return redirect("community:inbox")
        return redirect("community:conversation", pk=pk)


class AddParticipantsView(ParticipantMixin, MessagingView):
    """Add members to a group conversation, found by name among listed members."""

    template_name = "community/messaging/add_participants.html"

    def get(self, request, pk):
        participant = self.get_participant(pk)
        return self.render(participant, MemberSearchForm(request.GET))

    def post(self, request, pk):
        participant = self.get_participant(pk)
        viewer = Viewer.for_user(request.user)
        profiles = [
            profile
            for profile in Profile.objects.select_related("user").filter(
                pk__in=[v for v in request.POST.getlist("til") if v.isdigit()]
            )
            if can_view_profile(viewer, profile)
        ]
        if not profiles:
            messages.error(request, _("Choose at least one member to add."))
            return redirect("community:conversation_add", pk=pk)
        try:
            service.add_participants(participant, profiles)
        except policy.MessagingRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("community:conversation_add", pk=pk)
        messages.success(request, _("Added to the conversation."))
        return redirect("community:conversation", pk=pk)

    def render(self, participant, search_form):
        if not participant.conversation.is_group:
            raise Http404
        present = Participant.objects.current().filter(conversation=participant.conversation)
        matches = matching_members(
            self.request.user, search_form, exclude=present.values("user_id")
        )
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "conversation": participant.conversation,
                "search_form": search_form,
                "matches": matches,
            },
        )


def matching_members(user, search_form, exclude=None, limit=MEMBER_MATCHES):
    """Listed members whose name contains the search term (the directory's own rule for who can
    be found); empty without a term."""
    if not search_form.is_valid() or not search_form.cleaned_data["finn"].strip():
        return []
    matches = (
        Profile.objects.listed()
        .filter(display_name__icontains=search_form.cleaned_data["finn"].strip())
        .exclude(user=user)
        .order_by("display_name", "pk")
    )
    if exclude is not None:
        matches = matches.exclude(user_id__in=exclude)
    return list(matches[:limit])


class NewConversationView(MessagingView):
    """Start a conversation: recipients come from a profile (?til=<profile id>) or a name search
    on this page; one recipient makes a conversation between two, more a group conversation."""

    template_name = "community/messaging/new_conversation.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_verified_member(request.user):
            return TemplateResponse(request, "community/messaging/not_verified.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def chosen_ids(self, data, name="til"):
        # With the sender, one more than may take part: too many is refused, not cut short.
        return [int(v) for v in data.getlist(name) if v.isdigit()][: policy.MAX_PARTICIPANTS]

    def recipient_choices(self, ids):
        viewer = Viewer.for_user(self.request.user)
        allowed = [
            profile.pk
            for profile in Profile.objects.select_related("user").filter(pk__in=ids)
            if can_view_profile(viewer, profile) and profile.user_id != self.request.user.pk
        ]
        return Profile.objects.filter(pk__in=allowed).order_by("display_name")

    def get(self, request):
        ids = self.chosen_ids(request.GET)
        choices = self.recipient_choices(ids)
        form = NewConversationForm(recipient_choices=choices, initial={"recipients": list(choices)})
        return self.render(form, MemberSearchForm(request.GET), choices)

    def post(self, request):
        choices = self.recipient_choices(self.chosen_ids(request.POST, "recipients"))
        form = NewConversationForm(request.POST, recipient_choices=choices)
        if form.is_valid():
            try:
                message = service.start_conversation(
                    request.user,
                    list(form.cleaned_data["recipients"].select_related("user")),
                    form.cleaned_data["body"],
                    title=form.cleaned_data["title"],
                )
            except policy.MessagingRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                return redirect("community:conversation", pk=message.conversation_id)
        return self.render(form, MemberSearchForm(), choices, status=400)

    def render(self, form, search_form, choices, status=200):
        chosen = list(choices)
        matches = matching_members(
            self.request.user, search_form, exclude=[p.user_id for p in chosen]
        )
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "form": form,
                "search_form": search_form,
                "chosen": chosen,
                "matches": matches,
            },
            status=status,
        )


class EditMessageView(MessagingView):
    """Edit one's own message within 15 minutes of sending it."""

    def get_message(self, pk):
        message = get_object_or_404(
            Message.objects.select_related("conversation"), pk=pk, sender=self.request.user
        )
        participant = service.participant_for(self.request.user, message.conversation_id)
        if participant is None:
            raise Http404
        return message

    def get(self, request, pk):
        message = self.get_message(pk)
        if not service.can_edit(message, request.user):
            messages.error(request, _("A message can only be changed in the first 15 minutes."))
            return redirect("community:conversation", pk=message.conversation_id)
        form = MessageForm(initial={"body": message.body})
        return self.render(message, form)

    def post(self, request, pk):
        message = self.get_message(pk)
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self.render(message, form, status=400)
        if not service.edit_message(message, request.user, form.cleaned_data["body"]):
            messages.error(request, _("A message can only be changed in the first 15 minutes."))
        else:
            messages.success(request, _("Your message is changed."))
        return redirect(
            reverse("community:conversation", args=[message.conversation_id])
            + f"#melding-{message.pk}"
        )

    def render(self, message, form, status=200):
        return TemplateResponse(
            self.request,
            "community/messaging/edit_message.html",
            {"message": message, "form": form},
            status=status,
        )


class DeleteForMeView(MessagingView):
    """Remove a message from one's own view; the others keep it."""

    def post(self, request, pk):
        message = get_object_or_404(Message, pk=pk)
        participant = service.participant_for(request.user, message.conversation_id)
        if participant is None or not (
            Message.objects.visible_to(participant).filter(pk=message.pk).exists()
        ):
            raise Http404
        service.delete_for_me(message, request.user)
        messages.success(request, _("The message is deleted for you."))
        return redirect("community:conversation", pk=message.conversation_id)


class MessageSearchView(MessagingView):
    def get(self, request):
        form = MessageSearchForm(request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        results = service.search_messages(request.user, query)
        page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        for message in page.object_list:
            decorate(message, request.user)
        return TemplateResponse(
            request,
            "community/messaging/search.html",
            {
                "search_form": form,
                "query": query,
                "page_obj": page,
                "query_prefix": f"q={query}&" if query else "",
                "invalid": not form.is_valid(),
            },
            status=200 if form.is_valid() else 400,
        )


class MessagingSettingsView(MessagingView):
    """Who may message me, private notifications, and the members I blocked."""

    template_name = "community/messaging/settings.html"

    def get(self, request):
        return self.render(MessagingSettingsForm(instance=ensure_profile(request.user)))

    def post(self, request):
        form = MessagingSettingsForm(request.POST, instance=ensure_profile(request.user))
        if form.is_valid():
            form.save()
            messages.success(request, _("Your messaging settings are saved."))
            return redirect("community:messaging_settings")
        return self.render(form, status=400)

    def render(self, form, status=200):
        blocks = MemberBlock.objects.filter(blocker=self.request.user).select_related(
            "blocked__profile"
        )
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                "form": form,
                "blocked": [
                    {"block": block, "name": display_name(block.blocked)} for block in blocks
                ],
            },
            status=status,
        )


class BlockMemberView(MessagingView):
    """POST: block (or with action=unblock, unblock) the member of a profile. The blocked member
    is not told; their messages and notifications stop reaching me (M4)."""

    def post(self, request, pk):
        profile = get_object_or_404(Profile.objects.select_related("user"), pk=pk)
        if profile.user_id == request.user.pk:
            raise Http404
        known = MemberBlock.objects.filter(blocker=request.user, blocked=profile.user).exists()
        if not known and not can_view_profile(Viewer.for_user(request.user), profile):
            raise Http404
        if request.POST.get("action") == "unblock":
            MemberBlock.objects.filter(blocker=request.user, blocked=profile.user).delete()
            messages.success(
                request, _("%(name)s is no longer blocked.") % {"name": profile.display_name}
            )
            return redirect("community:messaging_settings")
        MemberBlock.objects.get_or_create(blocker=request.user, blocked=profile.user)
        messages.success(
            request,
            _(
                "%(name)s is blocked. They cannot write to you, and you get no notifications "
                "from them. They are not told."
            )
            % {"name": profile.display_name},
        )
        return redirect("community:messaging_settings")
