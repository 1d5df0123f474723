"""Operations: backup, restore, the restore drill, the load run and the fault drills
(docs/reliability.md).

A small project app of its own rather than commands under `home` or `accounts`: backing up is
project plumbing that knows no model of ours — it reads tables, migrations and MEDIA_ROOT through
the database connection and the settings — so it stands outside the layers of DESIGN.md §3, and
nothing imports it. It is an app only because management commands live in installed apps. The
fault test (`make faulttest`, ops.faulttest) and the pieces it shares with the test suite (the
E9 kill drill, the SMTP peer, the mail-outage drill) live here too: they prove SECURITY.md's
reliability lines end to end. The load run (`loadtest.py`, `locustfile.py`, `acks.py`,
`html_forms.py`) is a set of plain scripts beside them (`python -m ops.loadtest`): it starts
servers and a database around the project and chooses the settings before Django starts."""
