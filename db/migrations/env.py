"""Alembic's entry point. Migrations run on the connection `db.engine.init_db` hands over (no offline mode)."""

from alembic import context
from sqlmodel import SQLModel

from db import models  # noqa: F401  (registers the tables)


def run_migrations() -> None:
    connection = context.config.attributes['connection']
    context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
