"""Backups of the database and media, and their restore (docs/reliability.md).

One backup is one folder `<UTC timestamp>/` holding

- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite, copied
  with the online backup API, safe while the site runs);
- `media.tar.gz`, MEDIA_ROOT packed (left out when media live on S3: there the bucket's
  versioning and replication are the backup);
- `manifest.json`: when, which engine, the latest applied migration per app, the row count of
  every table, and the size and sha256 of every file.

The row counts come from the same snapshot as the copy — on PostgreSQL pg_dump reads a snapshot
exported by the transaction that counts; on SQLite the counts are read from the copy — so a
backup taken while members write still restores to exactly the counts in its manifest.

A folder is written under a hidden `.partial` name and renamed when complete, so a failed run
never looks like a backup, and pruning only ever removes complete folders of this format.
"""

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

import dj_database_url
import psycopg
from psycopg import sql

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT_VERSION = 1
# Folder names this module writes, and the only ones pruning may remove.
FOLDER_NAME = re.compile(r"^\d{8}T\d{6}Z(-\d+)?$")


class BackupError(Exception):
    """A backup or restore that must not go on; the message says why, for an operator."""


# -- databases ---------------------------------------------------------------------------------


def engine_of(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def database_from_url(url: str) -> dict:
    """Django's database settings for a DATABASE_URL-style address."""
    return dj_database_url.parse(url)


def describe(db: dict) -> str:
    """The database's name and host, never its password."""
    if engine_of(db) == "sqlite":
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db['NAME']} on {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"


def _pg_environment(db: dict) -> dict:
    """libpq's variables for pg_dump/pg_restore: the password travels in the environment, never
    on the command line, where every user of the machine could read it in the process list."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _pg_connect(db: dict, dbname: str | None = None, **kwargs):
    params = {
        "dbname": dbname or db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


def _sqlite_connect(name: str) -> sqlite3.Connection:
    # pytest's SQLite test database is a shared in-memory URI ("file:memorydb_…?mode=memory…").
    return sqlite3.connect(str(name), uri=str(name).startswith("file:"))


def _sqlite_tables(conn) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def _sqlite_counts(conn) -> dict[str, int]:
    return {
        table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        for table in _sqlite_tables(conn)
    }


def _pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [name for (name,) in cursor.fetchall()]


def _pg_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _pg_tables(cursor):
        cursor.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _latest_migrations(rows) -> dict[str, str]:
    latest = {}
    for app, name in rows:  # ordered by id: the last one applied wins
        latest[app] = name
    return dict(sorted(latest.items()))


MIGRATIONS_SQL = "SELECT app, name FROM django_migrations ORDER BY id"


def row_counts(db: dict) -> dict[str, int]:
    """The number of rows in every table of the database `db` (Django settings dict)."""
    if engine_of(db) == "sqlite":
        with contextlib.closing(_sqlite_connect(db["NAME"])) as conn:
            return _sqlite_counts(conn)
    with _pg_connect(db) as conn, conn.cursor() as cursor:
        return _pg_counts(cursor)


def table_count(db: dict) -> int:
    """How many tables the database holds (0 for a fresh, empty one)."""
    if engine_of(db) == "sqlite":
        if not str(db["NAME"]).startswith("file:") and not Path(db["NAME"]).exists():
            return 0
        with contextlib.closing(_sqlite_connect(db["NAME"])) as conn:
            return len(_sqlite_tables(conn))
    with _pg_connect(db) as conn, conn.cursor() as cursor:
        return len(_pg_tables(cursor))


# -- files -------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_on_s3() -> bool:
    return "s3" in settings.STORAGES["default"]["BACKEND"].lower()


def _pack_media(media_root: Path, archive: Path) -> int:
    """Pack MEDIA_ROOT; returns the number of files packed."""
    files = 0
    with tarfile.open(archive, "w:gz") as tar:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(media_root)))
                    files += 1
    return files


# -- backup ------------------------------------------------------------------------------------


@dataclass
class Backup:
    path: Path
    manifest: dict = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(entry["bytes"] for entry in self.manifest["files"].values())


def _new_folder(root: Path, now: datetime) -> tuple[Path, Path]:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    name, n = stamp, 0
    while (root / name).exists() or (root / f".{name}.partial").exists():
        n += 1
        name = f"{stamp}-{n}"
    return root / name, root / f".{name}.partial"


def _dump_sqlite(db: dict, target: Path, source_connection=None) -> tuple[dict, dict]:
    """Copy with SQLite's online backup API, then read counts and migrations from the copy."""
    if source_connection is not None:
        source_connection.ensure_connection()
        source = source_connection.connection
        owned = False
    else:
        source = _sqlite_connect(db["NAME"])
        owned = True
    try:
        with contextlib.closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside
            return _sqlite_counts(copy), _latest_migrations(copy.execute(MIGRATIONS_SQL))
    finally:
        if owned:
            source.close()


def _dump_postgresql(db: dict, target: Path) -> tuple[dict, dict]:
    """pg_dump reads the snapshot this transaction exports, so counts and dump agree."""
    with _pg_connect(db) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            result = subprocess.run(  # noqa: S603
                [
                    shutil.which("pg_dump") or "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                env=_pg_environment(db),
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
            counts = _pg_counts(cursor)
            cursor.execute(MIGRATIONS_SQL)
            migrations = _latest_migrations(cursor.fetchall())
        conn.rollback()
    return counts, migrations


def create_backup(root: Path, db: dict, media_root: Path, source_connection=None) -> Backup:
    """Write one complete backup folder under `root` and return it.

    `source_connection` (Django's connection to `db`) lets SQLite copy through the open
    connection, which is the only way to reach an in-memory test database."""
    engine = engine_of(db)
    root.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    final, partial = _new_folder(root, now)
    partial.mkdir()
    try:
        dump = partial / DUMP_FILES[engine]
        if engine == "sqlite":
            counts, migrations = _dump_sqlite(db, dump, source_connection)
        else:
            counts, migrations = _dump_postgresql(db, dump)
        if media_on_s3():
            media = {
                "skipped": "Media are on S3 (AWS_STORAGE_BUCKET_NAME): the bucket's versioning "
                "and replication are their backup."
            }
        else:
            media = {
                "root": str(media_root),
                "files": _pack_media(Path(media_root), partial / MEDIA_ARCHIVE),
            }
        files = {
            path.name: {"bytes": path.stat().st_size, "sha256": sha256_of(path)}
            for path in sorted(partial.iterdir())
        }
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "engine": engine,
            "database": describe(db),
            "migrations": migrations,
            "tables": counts,
            "rows": sum(counts.values()),
            "media": media,
            "files": files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(final, manifest)


def prune(root: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backup folders this module wrote; return those removed.
    Anything else under `root` — other folders, files, partial runs — is left alone."""
    if keep < 1 or not root.is_dir():
        return []
    ours = sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and FOLDER_NAME.match(path.name) and (path / MANIFEST).is_file()
    )
    doomed = ours[:-keep]
    for path in doomed:
        shutil.rmtree(path)
    return doomed


# -- restore -----------------------------------------------------------------------------------


def load_verified(folder: Path) -> Backup:
    """Read a backup's manifest and check every file against it; refuse any mismatch."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(manifest_path.read_text())
    except ValueError as exc:
        raise BackupError(f"{manifest_path} cannot be read: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{folder}: unknown backup format {manifest.get('format')!r}.")
    problems = []
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != expected["bytes"] or sha256_of(path) != expected["sha256"]:
            problems.append(f"{name} does not match its sha256 in the manifest")
    if DUMP_FILES.get(manifest.get("engine")) not in manifest["files"]:
        problems.append("the manifest lists no database file")
    if problems:
        raise BackupError(
            f"Refusing to restore {folder}: " + "; ".join(problems) + ". The backup is damaged "
            "or was changed after it was written."
        )
    return Backup(folder, manifest)


def _restore_sqlite(backup: Backup, target: dict) -> None:
    source_file = backup.path / DUMP_FILES["sqlite"]
    name = str(target["NAME"])
    if not name.startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(source_file)) as source,
        contextlib.closing(_sqlite_connect(name)) as destination,
    ):
        source.backup(destination)


def _restore_postgresql(backup: Backup, target: dict) -> None:
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("pg_restore") or "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            f"--dbname={target['NAME']}",
            str(backup.path / DUMP_FILES["postgresql"]),
        ],
        env=_pg_environment(target),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _restore_media(backup: Backup, media_root: Path) -> int:
    archive = backup.path / MEDIA_ARCHIVE
    if not archive.is_file():
        return 0
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        members = tar.getmembers()
        # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
        tar.extractall(media_root, filter="data")
    return len([m for m in members if m.isfile()])


@dataclass
class RestoreResult:
    compared: list[tuple[str, int | None, int | None]]  # table, in the backup, in the target
    media_files: int
    seconds: float

    @property
    def differences(self):
        return [row for row in self.compared if row[1] != row[2]]


def restore_backup(
    backup: Backup, target: dict, media_root: Path | None, overwrite: bool = False
) -> RestoreResult:
    """Restore a verified backup into `target` (and media into `media_root`, unless None), then
    count the rows of every table and compare them with the manifest."""
    started = time.perf_counter()
    engine = engine_of(target)
    if engine != backup.manifest["engine"]:
        raise BackupError(
            f"This is a {backup.manifest['engine']} backup; it cannot be restored into {engine}."
        )
    existing = table_count(target)
    if existing and not overwrite:
        raise BackupError(
            f"{describe(target)} is not empty ({existing} tables). Restoring replaces its "
            "contents; run again with --yes (make restore ... YES=1) if that is what you want."
        )
    if engine == "sqlite":
        _restore_sqlite(backup, target)
    else:
        _restore_postgresql(backup, target)
    media_files = 0
    if media_root is not None:
        media_files = _restore_media(backup, Path(media_root))
    counts = row_counts(target)
    expected = backup.manifest["tables"]
    compared = [
        (table, expected.get(table), counts.get(table))
        for table in sorted(set(expected) | set(counts))
    ]
    return RestoreResult(compared, media_files, time.perf_counter() - started)


def format_comparison(result: RestoreResult) -> str:
    """The table the restore prints: every table, its rows in the backup and after the restore."""
    width = max([len("table")] + [len(table) for table, _, _ in result.compared])
    lines = [f"{'table':<{width}}  {'backup':>9}  {'restored':>9}"]
    for table, expected, actual in result.compared:
        mark = "" if expected == actual else "  DIFFERENT"
        shown = ["—" if n is None else str(n) for n in (expected, actual)]
        lines.append(f"{table:<{width}}  {shown[0]:>9}  {shown[1]:>9}{mark}")
    return "\n".join(lines)


# -- the drill's scratch databases ----------------------------------------------------------------


def create_scratch_postgresql(db: dict, name: str) -> dict:
    """An empty database `name` on the same server as `db`, to restore into."""
    with _pg_connect(db, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return {**db, "NAME": name}


def drop_scratch_postgresql(db: dict, name: str) -> None:
    with _pg_connect(db, dbname="postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
