"""`manage.py backup`, `restore` and `restore_drill` (ops/, docs/reliability.md), on whichever
database the suite runs on: SQLite by default, PostgreSQL when DATABASE_URL says so.

The tests commit their rows (transactional), because the backup reads the database from outside
the test's transaction; the source is this worker's test database (connection.settings_dict)."""

import io
import json
import re
import shutil
import sqlite3
import subprocess
import uuid

from django.core.management import CommandError, call_command
from django.db import connection

import pytest

from accounts.factories import UserFactory
from accounts.models import User
from community.factories import GroupFactory
from ops import backups

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def engine():
    return backups.engine_of(connection.settings_dict)


@pytest.fixture
def data(settings):
    """Three members, a group with its owner, and an uploaded file, all committed."""
    people = [UserFactory(email=f"alumn{n}@example.no") for n in range(3)]
    GroupFactory(owner=people[0], name="Økonomi i Vestfold")
    photo = settings.MEDIA_ROOT / "images" / "portrett.png"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTO)
    return {"people": people, "photo": photo}


@pytest.fixture
def scratch(tmp_path):
    """An empty target database of the suite's engine, as a URL; dropped afterwards."""
    if engine() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    source = connection.settings_dict
    name = f"usn_alumni_bk_t_{uuid.uuid4().hex[:10]}"
    target = backups.create_scratch_postgresql(source, name)
    try:
        user = f"{target['USER']}@" if target.get("USER") else ""
        host = f"{target.get('HOST') or '127.0.0.1'}:{target.get('PORT') or 5432}"
        yield f"postgres://{user}{host}/{name}"
    finally:
        backups.drop_scratch_postgresql(source, name)


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def only_backup(root):
    (folder,) = [p for p in root.iterdir() if backups.FOLDER_NAME.match(p.name)]
    return folder


def emails_in(url):
    db = backups.database_from_url(url)
    query = "SELECT email FROM accounts_user ORDER BY email"
    if engine() == "sqlite":
        with sqlite3.connect(db["NAME"]) as conn:
            return [row[0] for row in conn.execute(query)]
    with backups._pg_connect(db) as conn:
        return [row[0] for row in conn.execute(query)]


def test_a_backup_holds_the_database_media_and_a_manifest_that_describes_them(data, tmp_path):
    output = run("backup", to=str(tmp_path / "backups"))

    folder = only_backup(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert f"Backup written to {folder}" in output
    assert manifest["engine"] == engine()
    assert manifest["tables"]["accounts_user"] == User.objects.count() == 3
    assert manifest["migrations"]["accounts"].startswith("00")
    assert set(manifest["files"]) == {backups.DUMP_FILES[engine()], "media.tar.gz"}
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == backups.sha256_of(folder / name)
        assert entry["bytes"] == (folder / name).stat().st_size
    assert manifest["media"]["files"] == 1


def test_restore_round_trip_brings_back_rows_and_media(data, tmp_path, scratch):
    run("backup", to=str(tmp_path / "backups"))
    folder = only_backup(tmp_path / "backups")
    restored_media = tmp_path / "restored-media"

    output = run("restore", str(folder), into=scratch, media_into=str(restored_media))

    assert "files match the manifest" in output
    assert "All " in output and " tables match" in output
    assert emails_in(scratch) == [f"alumn{n}@example.no" for n in range(3)]
    assert (restored_media / "images" / "portrett.png").read_bytes() == PHOTO
    user_row = next(line for line in output.splitlines() if line.startswith("accounts_user "))
    assert user_row.split()[1:] == ["3", "3"]


def test_a_tampered_or_incomplete_backup_is_refused_nothing_restored(data, tmp_path, scratch):
    run("backup", to=str(tmp_path / "backups"))
    folder = only_backup(tmp_path / "backups")
    dump = folder / backups.DUMP_FILES[engine()]
    content = bytearray(dump.read_bytes())
    content[len(content) // 2] ^= 0xFF
    dump.write_bytes(bytes(content))

    with pytest.raises(CommandError, match="does not match its sha256"):
        run("restore", str(folder), into=scratch, media_into=str(tmp_path / "m"))

    assert backups.table_count(backups.database_from_url(scratch)) == 0
    assert not (tmp_path / "m").exists()

    (folder / "media.tar.gz").unlink()
    with pytest.raises(CommandError, match="media.tar.gz is missing"):
        run("restore", str(folder), into=scratch)


def test_a_non_empty_database_is_overwritten_only_with_yes(data, tmp_path, scratch):
    run("backup", to=str(tmp_path / "backups"))
    folder = only_backup(tmp_path / "backups")
    media = str(tmp_path / "restored-media")
    run("restore", str(folder), into=scratch, media_into=media)

    with pytest.raises(CommandError, match="is not empty .* --yes"):
        run("restore", str(folder), into=scratch, media_into=media)

    output = run("restore", str(folder), into=scratch, media_into=media, yes=True)
    assert " tables match" in output
    assert len(emails_in(scratch)) == 3


def test_restore_without_a_target_refuses_to_overwrite_this_sites_database(data, tmp_path):
    run("backup", to=str(tmp_path / "backups"))
    folder = only_backup(tmp_path / "backups")
    User.objects.create(email="after-the-backup@example.no")

    with pytest.raises(CommandError, match="not empty"):
        run("restore", str(folder), media_into=str(tmp_path / "m"))

    assert User.objects.filter(email="after-the-backup@example.no").exists()


def test_the_drill_restores_into_a_scratch_database_reports_equal_counts_and_cleans_up(data):
    output = run("restore_drill")

    assert "Drill passed: every table's row count matches." in output
    user_row = next(line for line in output.splitlines() if line.startswith("accounts_user "))
    assert user_row.split()[1:] == ["3", "3"]
    assert "DIFFERENT" not in output
    if engine() == "postgresql":
        scratch = re.search(r"into PostgreSQL (usn_alumni_drill_\d+)", output).group(1)
        with backups._pg_connect(connection.settings_dict, dbname="postgres") as conn:
            left = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scratch])
            assert left.fetchall() == []


def test_pruning_keeps_the_newest_backups_and_touches_nothing_else(data, tmp_path, settings):
    root = tmp_path / "backups"
    for stamp in ["20200101T000000Z", "20200102T000000Z", "20200103T000000Z"]:
        (root / stamp).mkdir(parents=True)
        (root / stamp / "manifest.json").write_text("{}")
    (root / "notes").mkdir()
    (root / "19990101T000000Z").mkdir()  # no manifest: not ours
    settings.BACKUP_KEEP = 2

    output = run("backup", to=str(root))

    remaining = sorted(p.name for p in root.iterdir())
    newest = max(p.name for p in root.iterdir() if p.name.startswith("20") and "2020" not in p.name)
    assert remaining == ["19990101T000000Z", "20200103T000000Z", newest, "notes"]
    assert "Removed old backup 20200101T000000Z (keeping 2)" in output


def test_media_on_s3_are_left_to_the_bucket(data, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }

    output = run("backup", to=str(tmp_path / "backups"))

    folder = only_backup(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert not (folder / "media.tar.gz").exists()
    assert "versioning and replication" in manifest["media"]["skipped"]
    assert "Media not included" in output


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_pg_dump_is_the_same_major_version_as_the_server():
    if engine() != "postgresql":
        pytest.skip("the suite runs on SQLite (DATABASE_URL is not PostgreSQL)")
    client = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True)
    client_major = client.stdout.split()[-1].split(".")[0]
    connection.ensure_connection()
    server_major = str(connection.connection.info.server_version // 10000)
    assert client_major == server_major
