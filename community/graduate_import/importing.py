"""The dry run and the import itself, batch by batch.

`analyse` and `preview` work out what each row would do; `run_import` upserts the valid rows and
verifies the members they match; the outcome, or why it stopped, is recorded on the
`GraduateImport`, and the uploaded file is deleted as soon as it has run or failed.
"""

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allauth.account.models import EmailAddress

from ..models import GraduateImport, GraduateRecord
from ..models.verification import name_key
from ..verification import match_register_for_records
from .reading import (
    CREATE,
    ERROR,
    RECORD_FIELDS,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    RowChecker,
    RowResult,
    read_rows,
)

BATCH_SIZE = 500  # rows per transaction; also keeps every IN (...) below SQLite's variable limit


def batches(items: list, size: int | None = None) -> Iterable[list]:
    size = size or BATCH_SIZE
    for start in range(0, len(items), size):
        yield items[start : start + size]


def analyse(data: bytes, on_progress: Callable[[int, int], None] | None = None) -> list[RowResult]:
    """The dry run: what each row of the file would do. Writes nothing."""
    columns, rows, names = read_rows(data)
    checker = RowChecker(columns, names)
    results = []
    for batch in batches(rows):
        checked = [checker.check(number, cells) for number, cells in batch]
        checker.compare_with_register(checked)
        results.extend(checked)
        if on_progress:
            on_progress(len(results), len(rows))
    return results


def read_upload(graduate_import: GraduateImport) -> bytes:
    if not graduate_import.file:
        raise ImportFileError(_("The uploaded file is no longer there; upload it again."))
    try:
        with graduate_import.file.open("rb") as handle:
            return handle.read()
    except OSError as error:
        raise ImportFileError(_("The uploaded file could not be read; upload it again.")) from error


def record_progress(graduate_import: GraduateImport) -> Callable[[int, int], None]:
    def record(done: int, total: int) -> None:
        GraduateImport.objects.filter(pk=graduate_import.pk).update(
            processed_rows=done, total_rows=total
        )

    return record


def preview(graduate_import: GraduateImport) -> GraduateImport:
    """Dry run: store what each row would do in `graduate_import.report`; change no record."""
    if graduate_import.status not in (
        GraduateImport.Status.UPLOADED,
        GraduateImport.Status.PREVIEWED,
    ):
        return graduate_import
    try:
        results = analyse(read_upload(graduate_import), record_progress(graduate_import))
    except ImportFileError as error:
        return fail(graduate_import, error)
    except Exception as error:
        fail(graduate_import, error)
        raise
    return save_outcome(graduate_import, results, GraduateImport.Status.PREVIEWED)


def run_import(graduate_import: GraduateImport) -> bool:
    """Upsert the file's valid rows by student number, then verify the members they match.

    Only an uploaded or previewed import runs, and only once: the status is claimed atomically,
    so a task delivered twice does no harm. Returns whether this call ran the import."""
    claimed = GraduateImport.objects.filter(
        pk=graduate_import.pk,
        status__in=[GraduateImport.Status.UPLOADED, GraduateImport.Status.PREVIEWED],
    ).update(status=GraduateImport.Status.IMPORTING, processed_rows=0)
    if not claimed:
        return False
    graduate_import.status = GraduateImport.Status.IMPORTING
    graduate_import.processed_rows = 0
    try:
        columns, rows, names = read_rows(read_upload(graduate_import))
    except ImportFileError as error:
        fail(graduate_import, error)
        return True
    graduate_import.total_rows = len(rows)
    GraduateImport.objects.filter(pk=graduate_import.pk).update(total_rows=len(rows))
    checker = RowChecker(columns, names)
    results, touched = [], []
    try:
        for batch in batches(rows):
            checked = [checker.check(number, cells) for number, cells in batch]
            with transaction.atomic():
                checker.compare_with_register(checked)
                written = write_batch(checked, graduate_import)
                GraduateImport.objects.filter(pk=graduate_import.pk).update(
                    processed_rows=len(results) + len(checked)
                )
            results.extend(checked)
            touched += written
            graduate_import.processed_rows = len(results)
        for pairs in batches(touched):
            match_register_for_records(ids_with_verified_addresses(pairs))
    except Exception as error:
        fail(graduate_import, error)
        raise
    save_outcome(graduate_import, results, GraduateImport.Status.DONE)
    return True


def write_batch(results: list[RowResult], graduate_import: GraduateImport) -> list[tuple]:
    """Create and update the records of one batch; (id, e-mail) of each record written."""
    new = [
        GraduateRecord(
            student_number=result.student_number,
            last_import=graduate_import,
            name_key=name_key(result.values["full_name"]),
            **result.values,
        )
        for result in results
        if result.action == CREATE
    ]
    GraduateRecord.objects.bulk_create(new)
    changed = [result for result in results if result.action == UPDATE]
    update_records(changed, graduate_import)
    if any(record.pk is None for record in new):  # a database that returns no ids from inserts
        ids = dict(
            GraduateRecord.objects.filter(
                student_number__in=[record.student_number for record in new]
            ).values_list("student_number", "pk")
        )
        for record in new:
            record.pk = ids[record.student_number]
    return [(record.pk, record.email) for record in new] + [
        (result.record_id, result.values["email"]) for result in changed
    ]


def update_records(results: list[RowResult], graduate_import: GraduateImport) -> None:
    """One parametrised UPDATE per changed record, sent with executemany. bulk_update builds a
    CASE per column over the batch, which SQLite evaluates row by row: 100,000 changed records
    took minutes that way, and take seconds this way on SQLite and PostgreSQL alike."""
    if not results:
        return
    opts = GraduateRecord._meta
    fields = [opts.get_field(name) for name in RECORD_FIELDS.values()]
    fields += [
        opts.get_field("name_key"),
        opts.get_field("last_import"),
        opts.get_field("updated_at"),
    ]
    quote = connection.ops.quote_name
    # Only names from the model's own metadata go into the SQL; every value is a parameter.
    sql = "UPDATE {table} SET {columns} WHERE {pk} = %s".format(  # noqa: S608
        table=quote(opts.db_table),
        columns=", ".join(f"{quote(field.column)} = %s" for field in fields),
        pk=quote(opts.pk.column),
    )
    now = timezone.now()
    rows = []
    for result in results:
        values = [result.values[field.attname] for field in fields[:-3]]
        values += [name_key(result.values["full_name"]), graduate_import.pk, now]
        rows.append(
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(fields, values, strict=True)
            ]
            + [result.record_id]
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def ids_with_verified_addresses(records: list[tuple]) -> list[int]:
    """Of (id, e-mail) pairs, the ids whose address some member has confirmed: only those can
    match, and on a first import of 100,000 graduates they are few."""
    emails = {email.lower() for _pk, email in records if email}
    if not emails:
        return []
    confirmed = {
        address.lower()
        for address in EmailAddress.objects.filter(verified=True, email__in=emails).values_list(
            "email", flat=True
        )
    }
    return [pk for pk, email in records if email and email.lower() in confirmed]


def summarise(results: list[RowResult]) -> Counter:
    return Counter(result.action for result in results)


def save_outcome(graduate_import: GraduateImport, results: list[RowResult], status: str):
    counts = summarise(results)
    graduate_import.report = [result.as_report() for result in results]
    graduate_import.total_rows = graduate_import.processed_rows = len(results)
    graduate_import.created = counts[CREATE]
    graduate_import.updated = counts[UPDATE]
    graduate_import.unchanged = counts[UNCHANGED]
    graduate_import.error_count = counts[ERROR]
    graduate_import.status = status
    graduate_import.failure = ""
    if status == GraduateImport.Status.DONE:
        finish(graduate_import)
    graduate_import.save()
    return graduate_import


def fail(graduate_import: GraduateImport, error: Exception) -> GraduateImport:
    """Record why the import stopped, and whether the batches before it were written."""
    if graduate_import.status == GraduateImport.Status.IMPORTING and graduate_import.processed_rows:
        outcome = _(
            "The first %(rows)s rows were imported before it stopped; importing the file again "
            "completes the import."
        ) % {"rows": graduate_import.processed_rows}
    else:
        outcome = _("Nothing was changed.")
    graduate_import.status = GraduateImport.Status.FAILED
    graduate_import.failure = f"{str(error) or error.__class__.__name__} {outcome}"
    finish(graduate_import)
    graduate_import.save()
    return graduate_import


def finish(graduate_import: GraduateImport) -> None:
    """The uploaded file holds personal data: it goes as soon as the import has run or failed."""
    if graduate_import.file:
        graduate_import.file.delete(save=False)
    graduate_import.finished_at = timezone.now()
