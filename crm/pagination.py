"""Keyset paging for the sync: DRF's CursorPagination, on (time, pk) together.

DRF's own cursor keeps only the first ordering field in the cursor and steps over ties with an
offset capped at 1,000, so a bulk change that gives thousands of members the same `updated_at`
would page in circles. Here the cursor holds both the time and the pk of the last row, so a page
starts exactly after it, however many rows share a time. Paging is forward only (a sync never
goes back); `previous` is always null.
"""

import base64
import binascii

from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import replace_query_param

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class SyncCursorPagination(CursorPagination):
    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    # (time field, "pk"); views set the time field.
    ordering = ("updated_at", "pk")
    invalid_cursor_message = _("The cursor is not valid; start again without one.")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        time_field = self.ordering[0]
        queryset = queryset.order_by(*self.ordering)
        after = self.decode_cursor(request)
        if after is not None:
            when, pk = after
            queryset = queryset.filter(
                Q(**{f"{time_field}__gt": when}) | Q(**{time_field: when, "pk__gt": pk})
            )
        rows = list(queryset[: self.page_size + 1])
        self.page = rows[: self.page_size]
        self.has_next = len(rows) > self.page_size
        return self.page

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: _("Give a whole number from 1 to %(max)s.")
                    % {"max": self.max_page_size}
                }
            )
        return size

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            when_text, pk_text = (
                base64.urlsafe_b64decode(encoded.encode("ascii")).decode().split("|")
            )
            when, pk = parse_datetime(when_text), int(pk_text)
        except (ValueError, UnicodeError, binascii.Error):
            when = None
        if when is None or when.tzinfo is None:
            # As DRF's own cursor paging: no such page (a cursor is not made by hand).
            raise NotFound(self.invalid_cursor_message)
        return when, pk

    def encode_position(self, row) -> str:
        when = getattr(row, self.ordering[0])
        return base64.urlsafe_b64encode(f"{when.isoformat()}|{row.pk}".encode()).decode()

    def get_next_link(self):
        if not self.has_next:
            return None
        return replace_query_param(
            self.base_url, self.cursor_query_param, self.encode_position(self.page[-1])
        )

    def get_previous_link(self):
        return None

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where the page starts: copy it from the `next` link of the "
                "previous page.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, {PAGE_SIZE} unless given, at most {MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
