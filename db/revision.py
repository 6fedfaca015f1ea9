"""Write a new migration from the difference between the models and the newest revision.

    .venv/bin/python -m db.revision "what changed"
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

from .engine import alembic_config, make_engine, sqlite_url


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(sqlite_url(Path(folder)))
        with engine.begin() as connection:
            config = alembic_config(connection)
            command.upgrade(config, 'head')  # an empty database at the newest revision, to compare the models with
            command.revision(config, message=message, autogenerate=True)
        engine.dispose()


if __name__ == '__main__':
    main(' '.join(sys.argv[1:]) or 'schema change')
