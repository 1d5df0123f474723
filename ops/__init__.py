"""Operations: backup, restore and the restore drill (docs/reliability.md).

A small project app of its own rather than commands under `home` or `accounts`: backing up is
project plumbing that knows no model of ours — it reads tables, migrations and MEDIA_ROOT through
the database connection and the settings — so it stands outside the layers of DESIGN.md §3, and
nothing imports it. It is an app only because management commands live in installed apps."""
