"""The graduate import: reading the student system's CSV, the dry run, the upsert, matching members,
the tasks and the import_graduates command."""

from datetime import date
from io import StringIO

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.utils import translation

import pytest
from allauth.account.models import EmailAddress

from accounts.factories import UserFactory
from community.graduate_import import analyse, importing, preview, run_import
from community.models import EducationRecord, GraduateImport, GraduateRecord
from community.tasks import preview_graduate_import, run_graduate_import

HEADER = ("studentnummer", "navn", "epost", "fakultet", "studieprogramkode", "studieprogram",
          "grad", "eksamensdato")  # fmt: skip
ANNE = ("100001", "Anne Aasen", "anne@example.no", "HH", "MØA",
        "Master i økonomi og administrasjon", "Master", "2015-06-20")  # fmt: skip
BJORN = ("100002", "Bjørn Berg", "bjorn@example.no", "HS", "BSP", "Bachelor i sykepleie",
         "Bachelor", "20.06.2018")  # fmt: skip
CARL = ("100003", "Carl Carlsen", "", "TNM", "", "Bachelor i nautikk", "", "2020-12-18")


def csv_bytes(*rows, header=HEADER, delimiter=";", encoding="utf-8"):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture(autouse=True)
def import_storage(tmp_path, monkeypatch):
    """Uploaded files go to a temporary folder instead of var/graduate-imports."""
    storage = FileSystemStorage(location=tmp_path / "graduate-imports")
    monkeypatch.setattr(GraduateImport._meta.get_field("file"), "storage", storage)
    return storage


@pytest.fixture(autouse=True)
def english():
    """The messages asserted here are the English source texts."""
    with translation.override("en"):
        yield


def make_import(data: bytes, name="uteksaminerte.csv") -> GraduateImport:
    graduate_import = GraduateImport(original_name=name)
    graduate_import.file.save(name, ContentFile(data), save=True)
    return graduate_import


def imported(data: bytes) -> GraduateImport:
    graduate_import = make_import(data)
    preview(graduate_import)
    run_import(graduate_import)
    graduate_import.refresh_from_db()
    return graduate_import


def entry(graduate_import, row):
    return next(item for item in graduate_import.report if item["row"] == row)


# --- Reading and checking the file (dry run) -----------------------------------------------------


def test_preview_of_a_good_file_counts_every_row_as_new_and_changes_nothing(db):
    graduate_import = preview(make_import(csv_bytes(ANNE, BJORN, CARL)))

    assert graduate_import.status == GraduateImport.Status.PREVIEWED
    assert (graduate_import.total_rows, graduate_import.created) == (3, 3)
    assert graduate_import.error_count == graduate_import.updated == 0
    assert [item["action"] for item in graduate_import.report] == ["create"] * 3
    assert [item["row"] for item in graduate_import.report] == [2, 3, 4]
    assert entry(graduate_import, 2) == {
        "row": 2,
        "action": "create",
        "student_number": "100001",
        "messages": [],
        "changes": {},
    }
    assert not GraduateRecord.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("100009", "", "x@example.no", "HH", "", "Bachelor", "", "2015-06-20"), "“navn” is empty"),
        (("100009", "Eva", "x@example.no", "XYZ", "", "Bachelor", "", "2015-06-20"),
         "Unknown faculty “XYZ”"),
        (("100009", "Eva", "x@example.no", "HH", "", "Bachelor", "", "2015-13-45"),
         "“2015-13-45” is not a date"),
        (("100009", "Eva", "ikke-en-adresse", "HH", "", "Bachelor", "", "2015-06-20"),
         "“ikke-en-adresse” is not a valid e-mail address"),
        (("100009", "Eva", "x@example.no", "HS", "MØA", "Master", "", "2015-06-20"),
         "Programme MØA belongs to HH, not HS"),
        (("100009", "Eva", "x@example.no", "HH", "", "Bachelor", "", "1850-06-20"),
         "is not plausible"),
    ],
)  # fmt: skip
def test_preview_refuses_a_bad_row_with_a_clear_message(db, row, message):
    graduate_import = preview(make_import(csv_bytes(ANNE, row)))

    bad = entry(graduate_import, 3)
    assert bad["action"] == "error"
    assert any(message in text for text in bad["messages"]), bad["messages"]
    assert entry(graduate_import, 2)["action"] == "create"
    assert (graduate_import.created, graduate_import.error_count) == (1, 1)


def test_a_student_number_repeated_in_the_file_is_an_error_on_the_later_row(db):
    graduate_import = preview(make_import(csv_bytes(ANNE, BJORN, ANNE)))

    assert entry(graduate_import, 2)["action"] == "create"
    assert entry(graduate_import, 4)["action"] == "error"
    assert "already on row 2" in entry(graduate_import, 4)["messages"][0]


def test_a_row_with_more_values_than_the_header_is_an_error(db):
    graduate_import = preview(make_import(csv_bytes(ANNE, (*BJORN, "ekstra"))))

    assert entry(graduate_import, 3)["action"] == "error"
    assert "the header has 8 columns" in entry(graduate_import, 3)["messages"][0]


def test_an_unknown_programme_code_is_a_warning_and_the_name_is_kept(db):
    row = ("100009", "Eva", "eva@example.no", "HH", "NYTT", "Ny master", "", "2015-06-20")
    graduate_import = imported(csv_bytes(row))

    assert entry(graduate_import, 2)["action"] == "create"
    assert "Unknown programme code “NYTT”" in entry(graduate_import, 2)["messages"][0]
    record = GraduateRecord.objects.get()
    assert (record.programme, record.programme_name) == (None, "Ny master")


@pytest.mark.parametrize(
    "header",
    [
        ("studentnummer", "navn", "epost", "fakultet", "studieprogram", "eksamensdato", "kjønn"),
        ("studentnummer", "epost", "fakultet", "studieprogram", "eksamensdato"),
        ("studentnummer", "navn", "navn", "fakultet", "studieprogram", "eksamensdato"),
    ],
    ids=["unknown column", "missing column", "repeated column"],
)
def test_a_wrong_header_fails_the_whole_file_and_changes_nothing(db, header):
    imported(csv_bytes(ANNE))
    before = list(GraduateRecord.objects.values())
    graduate_import = make_import(csv_bytes(BJORN[: len(header)], header=header))

    preview(graduate_import)

    assert graduate_import.status == GraduateImport.Status.FAILED
    assert "column" in graduate_import.failure
    assert not graduate_import.file
    assert run_import(graduate_import) is False
    assert list(GraduateRecord.objects.values()) == before


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV text file."),
        (";".join(HEADER).encode() + b"\r\n", "The file has a header but no graduates."),
    ],
    ids=["empty", "binary", "header only"],
)
def test_an_unreadable_file_fails_with_a_clear_reason(db, data, reason):
    graduate_import = preview(make_import(data))

    assert graduate_import.status == GraduateImport.Status.FAILED
    assert graduate_import.failure == f"{reason} Nothing was changed."
    assert not GraduateRecord.objects.exists()


def test_a_windows_1252_file_is_read_with_its_norwegian_letters_and_dashes(db):
    row = ("100010", "Åse O’Neil Ødegård", "ase@example.no", "Handelshøyskolen USN", "",
           "Bachelor i økonomi – Drammen", "", "2015-06-20")  # fmt: skip
    imported(csv_bytes(row, encoding="cp1252"))

    record = GraduateRecord.objects.get()
    assert record.full_name == "Åse O’Neil Ødegård"
    assert record.faculty.code == "HH"
    assert record.programme_name == "Bachelor i økonomi – Drammen"


def test_a_utf8_file_with_a_byte_order_mark_is_read(db):
    graduate_import = preview(make_import(b"\xef\xbb\xbf" + csv_bytes(ANNE)))

    assert graduate_import.status == GraduateImport.Status.PREVIEWED
    assert graduate_import.created == 1


@pytest.mark.parametrize("delimiter", [";", ","])
def test_semicolon_and_comma_files_give_the_same_preview(db, delimiter):
    graduate_import = preview(make_import(csv_bytes(ANNE, BJORN, CARL, delimiter=delimiter)))

    assert graduate_import.status == GraduateImport.Status.PREVIEWED
    assert graduate_import.created == 3


def test_english_column_names_and_norwegian_dates_are_accepted(db):
    header = ("Student_Number", "Name", "Email", "Faculty", "Programme_Code", "Programme",
              "Degree", "Graduation_Date")  # fmt: skip
    imported(csv_bytes(BJORN, header=header, delimiter=","))

    record = GraduateRecord.objects.get()
    assert record.graduation_date == date(2018, 6, 20)
    assert record.programme.code == "BSP"


# --- The import ----------------------------------------------------------------------------------


def test_import_creates_the_records_and_deletes_the_uploaded_file(db, import_storage):
    graduate_import = imported(csv_bytes(ANNE, BJORN, CARL))

    assert graduate_import.status == GraduateImport.Status.DONE
    assert graduate_import.finished_at is not None
    assert graduate_import.processed_rows == 3
    assert not graduate_import.file
    assert import_storage.listdir("")[1] == []
    anne = GraduateRecord.objects.get(student_number="100001")
    assert (anne.full_name, anne.email, anne.faculty.code) == (
        "Anne Aasen",
        "anne@example.no",
        "HH",
    )
    assert (anne.programme.code, anne.graduation_date) == ("MØA", date(2015, 6, 20))
    assert anne.last_import == graduate_import


def test_importing_the_same_file_again_changes_nothing(db):
    data = csv_bytes(ANNE, BJORN, CARL)
    imported(data)
    before = list(GraduateRecord.objects.order_by("pk").values())

    second = imported(data)

    assert (second.unchanged, second.created, second.updated) == (3, 0, 0)
    assert {item["action"] for item in second.report} == {"unchanged"}
    assert list(GraduateRecord.objects.order_by("pk").values()) == before


def test_import_updates_changed_names_and_addresses(db):
    imported(csv_bytes(ANNE, BJORN))
    renamed = ("100001", "Anne Aasen Berg", "anne.berg@example.no", *ANNE[3:])

    graduate_import = imported(csv_bytes(renamed, BJORN))

    assert (graduate_import.updated, graduate_import.unchanged) == (1, 1)
    assert entry(graduate_import, 2)["changes"] == {
        "full_name": ["Anne Aasen", "Anne Aasen Berg"],
        "email": ["anne@example.no", "anne.berg@example.no"],
    }
    anne = GraduateRecord.objects.get(student_number="100001")
    assert (anne.full_name, anne.email) == ("Anne Aasen Berg", "anne.berg@example.no")
    assert GraduateRecord.objects.count() == 2


def test_import_skips_rows_with_errors_and_imports_the_rest(db):
    bad = ("100009", "Eva", "x@example.no", "XYZ", "", "Bachelor", "", "2015-06-20")

    graduate_import = imported(csv_bytes(ANNE, bad, BJORN))

    assert graduate_import.error_count == 1
    assert set(GraduateRecord.objects.values_list("student_number", flat=True)) == {
        "100001",
        "100002",
    }


def test_a_finished_import_is_not_run_again(db):
    graduate_import = imported(csv_bytes(ANNE))
    GraduateRecord.objects.update(full_name="Endret for hånd")

    assert run_import(graduate_import) is False
    assert GraduateRecord.objects.get().full_name == "Endret for hånd"


def test_an_import_that_breaks_midway_keeps_the_batches_written_and_says_so(db, monkeypatch):
    # run_import reads both from its own module, so that is where they are replaced.
    monkeypatch.setattr(importing, "BATCH_SIZE", 1)
    write_batch = importing.write_batch
    calls = []

    def breaks_on_the_second_batch(results, graduate_import):
        calls.append(results)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return write_batch(results, graduate_import)

    monkeypatch.setattr(importing, "write_batch", breaks_on_the_second_batch)
    graduate_import = preview(make_import(csv_bytes(ANNE, BJORN, CARL)))

    with pytest.raises(RuntimeError):
        run_import(graduate_import)

    graduate_import.refresh_from_db()
    assert graduate_import.status == GraduateImport.Status.FAILED
    assert graduate_import.failure.startswith("disk full The first 1 rows were imported")
    assert graduate_import.processed_rows == 1
    assert not graduate_import.file
    assert list(GraduateRecord.objects.values_list("student_number", flat=True)) == ["100001"]


def test_formula_looking_values_are_stored_as_plain_text(db):
    row = ("100011", "=HYPERLINK(\"http://evil.example\")", "", "HH", "", "+SUM(A1)", "",
           "2015-06-20")  # fmt: skip
    imported(csv_bytes(row))

    record = GraduateRecord.objects.get()
    assert record.full_name == '=HYPERLINK("http://evil.example")'
    assert record.programme_name == "+SUM(A1)"


# --- Matching members ----------------------------------------------------------------------------


def test_a_member_whose_verified_address_is_imported_becomes_a_verified_alumnus(db):
    user = UserFactory(email="anne@example.no")
    EmailAddress.objects.create(user=user, email="anne@example.no", verified=True, primary=True)

    imported(csv_bytes(ANNE))

    user.profile.refresh_from_db()
    assert user.profile.is_verified
    assert user.profile.verification_method == "register"
    education = EducationRecord.objects.get(profile=user.profile)
    assert (education.faculty.code, education.programme.code) == ("HH", "MØA")
    assert (education.graduation_year, education.verified) == (2015, True)
    assert GraduateRecord.objects.get().matched_user == user


def test_a_member_whose_address_is_not_verified_is_not_verified_by_the_import(db):
    user = UserFactory(email="anne@example.no")
    EmailAddress.objects.create(user=user, email="anne@example.no", verified=False, primary=True)

    imported(csv_bytes(ANNE))

    user.profile.refresh_from_db()
    assert not user.profile.is_verified
    assert not EducationRecord.objects.filter(profile=user.profile).exists()
    assert GraduateRecord.objects.get().matched_user is None


def test_a_changed_address_in_the_register_verifies_the_member_who_has_it(db):
    imported(csv_bytes(ANNE))
    user = UserFactory(email="anne.ny@example.no")
    EmailAddress.objects.create(user=user, email="anne.ny@example.no", verified=True)

    imported(csv_bytes(("100001", "Anne Aasen", "anne.ny@example.no", *ANNE[3:])))

    user.profile.refresh_from_db()
    assert user.profile.is_verified


# --- Tasks ---------------------------------------------------------------------------------------


def test_the_preview_task_previews_an_uploaded_file_once(db):
    graduate_import = make_import(csv_bytes(ANNE))

    preview_graduate_import.enqueue(graduate_import.pk)
    graduate_import.refresh_from_db()
    assert graduate_import.status == GraduateImport.Status.PREVIEWED
    result = preview_graduate_import.enqueue(graduate_import.pk)

    assert result.return_value == "skipped"


def test_the_import_task_is_safe_to_run_twice(db):
    graduate_import = preview(make_import(csv_bytes(ANNE, BJORN)))

    first = run_graduate_import.enqueue(graduate_import.pk)
    second = run_graduate_import.enqueue(graduate_import.pk)

    assert first.return_value == "done"
    assert second.return_value == "skipped"
    assert GraduateRecord.objects.count() == 2
    graduate_import.refresh_from_db()
    assert graduate_import.created == 2


# --- The command ---------------------------------------------------------------------------------


def write(tmp_path, data: bytes):
    path = tmp_path / "uteksaminerte.csv"
    path.write_bytes(data)
    return str(path)


def test_the_command_with_dry_run_prints_the_preview_and_changes_nothing(db, tmp_path):
    bad = ("100009", "Eva", "x@example.no", "XYZ", "", "Bachelor", "", "2015-06-20")
    out, err = StringIO(), StringIO()

    call_command(
        "import_graduates", write(tmp_path, csv_bytes(ANNE, bad)), "--dry-run",
        stdout=out, stderr=err,
    )  # fmt: skip

    assert "Row 2 (100001): new" in out.getvalue()
    assert "Row 3 (100009): error" in err.getvalue()
    assert "Unknown faculty “XYZ”" in err.getvalue()
    assert "1 new, 0 changed, 0 unchanged, 1 with errors" in out.getvalue()
    assert not GraduateRecord.objects.exists()
    assert not GraduateImport.objects.exists()


def test_the_command_imports_the_file(db, tmp_path):
    out = StringIO()

    call_command("import_graduates", write(tmp_path, csv_bytes(ANNE, BJORN)), stdout=out)

    assert GraduateRecord.objects.count() == 2
    assert "Imported: 2 new" in out.getvalue()
    assert GraduateImport.objects.get().status == GraduateImport.Status.DONE


def test_the_command_fails_on_a_wrong_header_and_changes_nothing(db, tmp_path):
    data = csv_bytes(("1", "x"), header=("kundenummer", "navn"))

    with pytest.raises(CommandError, match="Unknown column"):
        call_command("import_graduates", write(tmp_path, data), stdout=StringIO())

    assert not GraduateRecord.objects.exists()


def test_analyse_reads_a_file_without_writing_anything(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        results = analyse(csv_bytes(ANNE, BJORN, CARL))

    assert [result.action for result in results] == ["create"] * 3
