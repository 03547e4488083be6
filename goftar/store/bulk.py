"""Many rows in one statement, with as little per-row Python work as each database allows.

COPY on PostgreSQL (psycopg 3, in C), else one driver-level executemany: no per-row SQLAlchemy work. Used inside
the Store's transactions by the batched writer (articles, statements, the stored analyses, the search index).
"""

from __future__ import annotations

from collections.abc import Sequence


def insert_rows(connection, table, columns: Sequence[str], rows: list[tuple], *, python_values: bool = False) -> None:
    """Plain rows into `table` (a Table, or `sqlalchemy.table(name)` for tables without a model). With
    `python_values`, dates and the like are converted as SQLAlchemy would for this database (needs a Table)."""
    if not rows:
        return
    if python_values:
        rows = bind_ready(connection.dialect, table, columns, rows)
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(column) for column in columns)
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        with connection.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({placeholders(connection, len(columns))})",
                               rows)


def placeholders(connection, count: int) -> str:
    """`?, ?, …` or `%s, %s, …`: the driver's own parameter markers, for `exec_driver_sql`."""
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"  # sqlite3; psycopg and the like
    return ", ".join(marker for _ in range(count))


def bind_ready(dialect, table, columns: Sequence[str], rows: list[tuple]) -> list[tuple]:
    """Rows with every value as SQLAlchemy would hand it to this database's driver (dates as text on SQLite)."""
    processors = [table.c[column].type.dialect_impl(dialect).bind_processor(dialect) for column in columns]
    if not any(processors):
        return rows
    return [tuple(value if process is None or value is None else process(value)
                  for value, process in zip(row, processors, strict=True)) for row in rows]
