"""The pages of one request and one mentorship, and "my mentoring".

Requests and mentorships are loaded through the current user's own (policy.request_for,
policy.mentorship_for), so anyone but the two sides gets a 404 and nothing changes (SECURITY.md
C1). The member's own answers go through the services, which decide once whatever two clicks
or two tabs send.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.members import is_verified_member

from ..models import Mentorship
from . import policy, service
from .forms import AcceptRequestForm, DeclineRequestForm, FeedbackForm
from .policy import MentoringRefused
from .views import MentoringView


class RequestMixin:
    def get_request(self, pk):
        mentoring_request = policy.request_for(self.request.user, pk)
        if mentoring_request is None:
            raise Http404
        return mentoring_request


class RequestDetailView(RequestMixin, MentoringView):
    def get(self, request, pk):
        return self.render(self.get_request(pk))

    def render(self, mentoring_request, accept_form=None, decline_form=None, status=200):
        user = self.request.user
        may_answer = policy.may_answer(user, mentoring_request)
        if may_answer and accept_form is None:
            accept_form = AcceptRequestForm(mentoring_request=mentoring_request)
        return TemplateResponse(
            self.request,
            "careers/mentoring/request_detail.html",
            {
                "mentoring_section": "mine",
                "mentoring_request": mentoring_request,
                "i_am_mentor": mentoring_request.mentor_id == user.pk,
                "may_answer": may_answer,
                "may_withdraw": policy.may_withdraw(user, mentoring_request),
                "accept_form": accept_form,
                "decline_form": decline_form or DeclineRequestForm(),
                "mentorship": getattr(mentoring_request, "mentorship", None),
            },
            status=status,
        )


class AcceptRequestView(RequestDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        mentoring_request = self.get_request(pk)
        if not policy.may_answer(request.user, mentoring_request):
            messages.error(request, str(service.not_pending()))
            return redirect("careers:mentoring_request", pk)
        form = AcceptRequestForm(request.POST, mentoring_request=mentoring_request)
        if form.is_valid():
            try:
                mentorship = service.accept_request(
                    request.user, mentoring_request, form.cleaned_data["agreed_end"]
                )
            except MentoringRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    _("You are now %(name)s's mentor.")
                    % {"name": policy.mentor_name(mentoring_request.mentee)},
                )
                return redirect("careers:mentorship", mentorship.pk)
        return self.render(mentoring_request, accept_form=form, status=400)


class DeclineRequestView(RequestDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        mentoring_request = self.get_request(pk)
        form = DeclineRequestForm(request.POST)
        if not form.is_valid():
            return self.render(mentoring_request, decline_form=form, status=400)
        try:
            service.decline_request(request.user, mentoring_request, form.cleaned_data["note"])
        except MentoringRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("You declined the request. The mentee is told."))
        return redirect("careers:mentoring_request", pk)


class WithdrawRequestView(RequestMixin, MentoringView):
    http_method_names = ["post"]

    def post(self, request, pk):
        mentoring_request = self.get_request(pk)
        try:
            service.withdraw_request(request.user, mentoring_request)
        except MentoringRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("You withdrew your request."))
        return redirect("careers:mentoring_request", pk)


class MentorshipMixin:
    def get_mentorship(self, pk):
        mentorship = policy.mentorship_for(self.request.user, pk)
        if mentorship is None:
            raise Http404
        return mentorship


class MentorshipDetailView(MentorshipMixin, MentoringView):
    def get(self, request, pk):
        return self.render(self.get_mentorship(pk))

    def render(self, mentorship, feedback_form=None, status=200):
        user = self.request.user
        may_give_feedback = policy.may_give_feedback(user, mentorship)
        return TemplateResponse(
            self.request,
            "careers/mentoring/mentorship_detail.html",
            {
                "mentoring_section": "mine",
                "mentorship": mentorship,
                "i_am_mentor": mentorship.mentor_id == user.pk,
                "other": service.other_side(mentorship, user),
                "may_end": policy.may_end(user, mentorship),
                "ends_early": service.ended_status(mentorship, timezone.localdate())
                == Mentorship.Status.DROPPED,
                "may_give_feedback": may_give_feedback,
                "feedback_given": mentorship.status != Mentorship.Status.ACTIVE
                and not may_give_feedback,
                "feedback_form": feedback_form or (FeedbackForm() if may_give_feedback else None),
            },
            status=status,
        )


class EndMentorshipView(MentorshipMixin, MentoringView):
    http_method_names = ["post"]

    def post(self, request, pk):
        mentorship = self.get_mentorship(pk)
        try:
            status = service.end_mentorship(request.user, mentorship)
        except MentoringRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if status == Mentorship.Status.COMPLETED:
                messages.success(request, _("The mentorship is completed. How did it go?"))
            else:
                messages.success(request, _("The mentorship has ended. How did it go?"))
        return redirect(reverse("careers:mentorship", args=[pk]) + "#tilbakemelding")


class FeedbackView(MentorshipDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        mentorship = self.get_mentorship(pk)
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                service.give_feedback(
                    request.user,
                    mentorship,
                    form.cleaned_data["rating"],
                    form.cleaned_data["comment"],
                )
            except MentoringRefused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, _("Thank you for your feedback."))
            return redirect("careers:mentorship", pk)
        return self.render(mentorship, feedback_form=form, status=400)


class MyMentoringView(MentoringView):
    def get(self, request):
        return TemplateResponse(
            request,
            "careers/mentoring/my_mentoring.html",
            {
                **service.my_mentoring(request.user),
                "may_mentor": is_verified_member(request.user),
                "mentoring_section": "mine",
            },
        )
