"""one speaker per spelling-folded name: people.name_key, duplicates merged

Speakers stored as «حمید رضا آصفی» and «حمیدرضا آصفی» (or with Arabic ي/ك) were two rows; they become one (the
oldest row kept, its aliases and roles extended), with every statement, review and total pointing at it.

Revision ID: 0006
Revises: 0003_i11
"""

import json
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from goftar.store.analysis import rebuild_totals
from goftar.text import name_key

revision = '0006'
down_revision = '0003_i11'
branch_labels = None
depends_on = None


def _list(value) -> list:
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return list(value or [])


def upgrade() -> None:
    op.add_column('people', sa.Column('name_key', sa.String(length=300), nullable=True))
    connection = op.get_bind()
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for row in connection.execute(sa.text("SELECT id, name, type, aliases, roles FROM people ORDER BY id")):
        groups[(name_key(row.name), row.type)].append(row)
    keys = [{"key": key, "id": rows[0].id} for (key, _), rows in groups.items()]
    if keys:
        connection.execute(sa.text("UPDATE people SET name_key = :key WHERE id = :id"), keys)
    as_json = "CAST(:{} AS JSON)" if connection.dialect.name == "postgresql" else ":{}"
    merged = False
    for rows in groups.values():
        kept, *others = rows
        if not others:
            continue
        merged = True
        aliases, roles = _list(kept.aliases), _list(kept.roles)
        for other in others:
            aliases += [a for a in [other.name, *_list(other.aliases)] if a not in aliases and a != kept.name]
            roles += [r for r in _list(other.roles) if r not in roles]
        ids = {"kept": kept.id, "others": [other.id for other in others]}
        for table, column in (("statements", "speaker_id"), ("reviews", "speaker_id"),
                              ("reviews", "statement_speaker_id")):
            connection.execute(sa.text(f"UPDATE {table} SET {column} = :kept WHERE {column} IN :others")
                               .bindparams(sa.bindparam("others", expanding=True)), ids)
        connection.execute(sa.text("DELETE FROM speaker_topic_totals WHERE person_id IN :others")
                           .bindparams(sa.bindparam("others", expanding=True)), ids)
        connection.execute(sa.text("DELETE FROM people WHERE id IN :others")
                           .bindparams(sa.bindparam("others", expanding=True)), ids)
        connection.execute(sa.text(f"UPDATE people SET aliases = {as_json.format('aliases')}, "
                                   f"roles = {as_json.format('roles')} WHERE id = :id"),
                           {"aliases": json.dumps(aliases, ensure_ascii=False),
                            "roles": json.dumps(roles, ensure_ascii=False), "id": kept.id})
    if merged:
        rebuild_totals(connection)
    op.create_index('uq_people_key_type', 'people', ['name_key', 'type'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_people_key_type', table_name='people')
    with op.batch_alter_table('people') as batch:
        batch.drop_column('name_key')
