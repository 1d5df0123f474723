"""The member benefits pages: the list, one benefit, and redeeming it (POST). Every view asks
`policy` which benefits the member may see; anything else is a 404 (C1)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from ..models import BenefitKind
from . import policy, service

PAGE_SIZE = 20


class VerifiedMemberMixin(LoginRequiredMixin):
    """Visitors go to the login page; members who are not verified get the explanation, with
    status 403 and nothing of any benefit in it."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not policy.may_see_benefits(request.user):
            return TemplateResponse(request, "careers/benefits/locked.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_benefit(self):
        return get_object_or_404(
            policy.benefits_for(self.request.user).select_related("faculty"), pk=self.kwargs["pk"]
        )


class BenefitListView(VerifiedMemberMixin, ListView):
    template_name = "careers/benefits/benefit_list.html"
    context_object_name = "benefits"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return policy.benefits_for(self.request.user).select_related("faculty")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = [benefit.pk for benefit in context["benefits"]]
        context["redeemed_ids"] = service.redeemed_benefit_ids(self.request.user, shown)
        return context


@method_decorator(never_cache, name="dispatch")  # the code is on this page once redeemed
class BenefitDetailView(VerifiedMemberMixin, TemplateView):
    template_name = "careers/benefits/benefit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        benefit = self.get_benefit()
        context.update(
            benefit=benefit,
            redemption=service.redemption_of(benefit, self.request.user),
        )
        return context


class BenefitRedeemView(VerifiedMemberMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        benefit = self.get_benefit()
        try:
            _redemption, created = service.redeem(benefit, request.user)
        except service.NoPlacesLeft:
            messages.error(request, _("Sorry, all the free places have been taken."))
        except service.BenefitClosed:
            messages.error(request, _("This benefit has just ended."))
            return redirect("careers:benefit_list")
        else:
            if not created:
                messages.info(request, _("You have used this benefit already."))
            elif benefit.kind == BenefitKind.FREE_PLACES:
                messages.success(request, _("The place is yours. See below how to use it."))
            else:
                messages.success(request, _("Here is your code. See below how to use it."))
        return redirect("careers:benefit_detail", pk=benefit.pk)
