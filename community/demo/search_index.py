"""The directory's search index for the demo members, filled in bulk.

On PostgreSQL, Wagtail's database search backend (`PostgresIndex.add_items`) builds a Django
expression per text of every object (`SearchVector(Value(text))`) and compiles each into the SQL
of one INSERT: at 100,000 profiles that Python work alone took over a minute of the
3 minutes of DESIGN.md §7. `add_to_index` writes the same rows with one INSERT ... SELECT per
chunk whose texts arrive as arrays (`unnest`), the tsvectors made by the server with the same
expressions (`setweight(to_tsvector(config, text), weight)` joined with `||`) and the same
upsert and title norms as the backend. Other backends (SQLite's FTS5, OpenSearch) and models with
related search fields go through the backend's own bulk path, as `manage.py update_index` does.
"""

from wagtail.search import index
from wagtail.search.backends import get_search_backends

from modelsearch.utils import get_content_type_pk

EMPTY = "to_tsvector('')"


def add_to_index(model, objs: list) -> None:
    """Add objs to every auto-updated search backend in one bulk call per backend."""
    for backend in get_search_backends(with_auto_update=True):
        target = backend.get_index_for_model(model)
        fields = model.get_search_fields()
        if type(target).__name__ == "PostgresIndex" and all(
            isinstance(f, index.SearchField | index.AutocompleteField | index.FilterField)
            for f in fields
        ):
            _add_postgres(target, backend, model, fields, objs)
        else:
            backend.add_bulk(model, objs)


def _add_postgres(target, backend, model, fields, objs: list) -> None:
    # Imported here: the module reads PostgreSQL-only parts of Django.
    from modelsearch.backends.database.postgres.postgres import ObjectIndexer

    texts = [f for f in fields if isinstance(f, index.SearchField | index.AutocompleteField)]
    if not texts or not objs:
        return
    columns = {"object_id": [], "title_text": [], "body_text": []}
    columns |= {f"t{i}": [] for i in range(len(texts))}
    weights = []
    for obj in objs:
        indexer = ObjectIndexer(obj, backend)
        columns["object_id"].append(str(obj.pk))
        title, body, weights = [], [], []
        for i, field in enumerate(texts):
            # One value per field: SearchField and AutocompleteField yield exactly one.
            ((_field, weight, value),) = indexer.prepare_field(obj, field)
            value = value.strip()
            columns[f"t{i}"].append(value)
            weights.append(weight)
            if isinstance(field, index.SearchField) and value:
                (title if field.field_name == "title" else body).append(value)
        columns["title_text"].append(" ".join(title))
        columns["body_text"].append(" ".join(body))

    params = []

    def vector(picked, config) -> str:
        # As ObjectIndexer.as_vector; an empty text gives an empty tsvector, and `x || ''` is x,
        # so leaving empty texts in changes nothing.
        if not picked:
            return EMPTY
        parts = []
        for i, weight in picked:
            regconfig = "%s::regconfig, " if config else ""
            params.extend([config, weight] if config else [weight])
            parts.append(f"setweight(to_tsvector({regconfig}COALESCE(u.t{i}, '')), %s)")
        return "(" + " || ".join(parts) + ")"

    def is_search(field, title: bool) -> bool:
        return isinstance(field, index.SearchField) and (field.field_name == "title") == title

    title_sql = vector(
        [(i, weights[i]) for i, f in enumerate(texts) if is_search(f, True)], backend.config
    )
    autocomplete_sql = vector(
        [(i, weights[i]) for i, f in enumerate(texts) if isinstance(f, index.AutocompleteField)],
        backend.autocomplete_config,
    )
    body_sql = vector(
        [(i, weights[i]) for i, f in enumerate(texts) if is_search(f, False)], backend.config
    )
    arrays = ", ".join(["%s::text[]"] * len(columns))
    connection = target.write_connection
    table = connection.ops.quote_name(target.entries.model._meta.db_table)
    sql = f"""
        INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm,
                             title_text, body_text)
        SELECT %s, u.object_id, {title_sql}, {autocomplete_sql}, {body_sql}, 1.0, u.title_text,
               u.body_text
        FROM unnest({arrays}) AS u({", ".join(columns)})
        ON CONFLICT (content_type_id, object_id)
        DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0,
                      autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
                      title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
    """  # noqa: S608 (names from the model, values as parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [get_content_type_pk(model), *params, *columns.values()])
    # As add_items: entries written with title_norm 1.0 and a title get lavg / length(title).
    # Without a title field there is nothing to refresh, and the two scans of the whole index
    # per chunk that it takes are saved.
    if title_sql != EMPTY:
        target._refresh_title_norms()
