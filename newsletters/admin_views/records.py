"""Read-only records for central staff: subscribers with their subscriptions, the consent ledger
(SECURITY.md E2: nothing in the admin can add, change or delete an entry), and the suppression
list, where staff add an address (kept only as its hash) and only administrators remove one."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic

from community.admin_views.access import AdminRefusalMixin, NoExportMixin

from ..models import ConsentText, Subscription, Suppression, SuppressionReason, email_hash


class SubscriberIndexView(NoExportMixin, AdminRefusalMixin, generic.IndexView):
    pass


class SubscriberInspectView(AdminRefusalMixin, generic.InspectView):
    fields = ["email", "name", "language", "user", "created_at", "subscriptions"]

    def get_field_label(self, field_name, field):
        if field_name == "subscriptions":
            return capfirst(_("subscriptions"))
        if field_name == "user":
            return capfirst(_("member"))
        return super().get_field_label(field_name, field)

    def get_user_display_value(self):
        return _("Yes") if self.object.user_id else _("No (public form)")

    def get_subscriptions_display_value(self):
        subscriptions = (
            Subscription.objects.filter(subscriber=self.object)
            .select_related("topic", "consent_text")
            .order_by("topic__sort_order", "topic__name_nb")
        )
        if not subscriptions:
            return "-"
        rows = format_html_join(
            "",
            "<li>{} – {} ({} {})</li>",
            (
                (
                    s.topic.name,
                    s.get_status_display(),
                    _("consent text version"),
                    s.consent_text.version,
                )
                for s in subscriptions
            ),
        )
        return format_html("<ul>{}</ul>", rows)


class ConsentLedgerIndexView(NoExportMixin, AdminRefusalMixin, generic.IndexView):
    pass


class TopicInspectView(AdminRefusalMixin, generic.InspectView):
    """A topic with the full history of its consent texts, read-only (E2)."""

    fields = ["name_nb", "name_en", "kind", "faculty", "is_active", "consent_version", "history"]

    def get_field_label(self, field_name, field):
        if field_name == "history":
            return capfirst(_("consent texts, newest first"))
        return super().get_field_label(field_name, field)

    def get_history_display_value(self):
        texts = ConsentText.objects.filter(topic=self.object).order_by("-version")
        items = format_html_join(
            "",
            '<li><strong>{} {}</strong> ({} {})<p lang="nb">{}</p><p lang="en">{}</p></li>',
            (
                (
                    _("Version"),
                    text.version,
                    _("in use from"),
                    text.created_at.strftime("%Y-%m-%d %H:%M"),
                    text.text_nb,
                    text.text_en,
                )
                for text in texts
            ),
        )
        return format_html("<ol>{}</ol>", items)


class SuppressionForm(WagtailAdminModelForm):
    """Staff type an address; only its hash is stored."""

    address = forms.EmailField(label=_("E-mail address"), max_length=254)

    class Meta:
        model = Suppression
        fields = []

    def clean_address(self):
        address = self.cleaned_data["address"]
        if Suppression.objects.filter(email_hash=email_hash(address)).exists():
            raise forms.ValidationError(_("This address is already on the suppression list."))
        return address

    def save(self, commit=True):
        self.instance.email_hash = email_hash(self.cleaned_data["address"])
        self.instance.reason = SuppressionReason.STAFF
        return super().save(commit=commit)


class SuppressionIndexView(NoExportMixin, AdminRefusalMixin, generic.IndexView):
    pass


class SuppressionCreateView(AdminRefusalMixin, generic.CreateView):
    def get_edit_url(self):
        return None

    def get_success_url(self):
        return reverse(self.index_url_name)

    def get_success_buttons(self):
        return []

    def get_success_message(self, instance):
        return _("The address is on the suppression list; no marketing mail will reach it.")


class AdministratorsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SuppressionDeleteView(AdminRefusalMixin, AdministratorsOnlyMixin, generic.DeleteView):
    """Taking an address off the list lets marketing mail reach it again: administrators only."""
