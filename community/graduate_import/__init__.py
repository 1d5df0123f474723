"""The graduate register's import from the national student system's CSV export.

`analyse` reads a file and checks every row against the reference data and the register without
writing anything; `preview` (the dry run) stores that outcome on a `GraduateImport`; `run_import`
upserts the valid rows by student number, batch by batch, and then verifies the members whose
confirmed address matches a new or changed record.

A file-level problem (unreadable file, missing or unknown columns, no rows) stops everything before
the register is touched. A bad row is reported and skipped; the other rows are imported. Importing
the same file twice changes nothing the second time. Values that look like spreadsheet formulas
are stored as text: nothing here evaluates them, and the admin escapes them like any other text.

`reading` reads and checks the file; `importing` runs the dry run and the import.
"""

from .importing import analyse, preview, run_import
from .reading import (
    ACTIONS,
    CREATE,
    ERROR,
    MAX_UPLOAD_SIZE,
    UNCHANGED,
    UPDATE,
    ImportFileError,
    RowChecker,
    RowResult,
    read_rows,
)

__all__ = [
    "ACTIONS",
    "CREATE",
    "ERROR",
    "MAX_UPLOAD_SIZE",
    "UNCHANGED",
    "UPDATE",
    "ImportFileError",
    "RowChecker",
    "RowResult",
    "analyse",
    "preview",
    "read_rows",
    "run_import",
]
