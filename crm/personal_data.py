"""What the CRM app holds about a person, registered with accounts.registry: only who created an
integration. (A SharingWithdrawal holds a bare member id, on purpose with no link to the account,
so the CRM still learns about a member who was erased.)"""

from django.utils.translation import gettext_lazy as _

from accounts.registry import detach_rows, register, rows_of

from .models import Integration

register(
    Integration,
    label=_("CRM integrations you created"),
    export=rows_of(Integration, user_field="created_by", fields=["name", "created_at"]),
    erase=detach_rows(Integration, user_field="created_by"),
)
