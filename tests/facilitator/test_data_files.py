"""The data directory and the SQLite files are readable by the app's own user only."""

import stat
from pathlib import Path

from sqlalchemy import text

from db.engine import make_engine, sqlite_url
from db.files import secure_dir, secure_sqlite_file, sqlite_path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_directory_is_0700_and_a_new_database_0600_with_its_wal(tmp_path: Path) -> None:
    data = tmp_path / 'data'
    secure_dir(data)
    url = sqlite_url(data)
    secure_sqlite_file(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text('CREATE TABLE t (x INTEGER)'))
        connection.execute(text('INSERT INTO t VALUES (1)'))
    assert mode(data) == 0o700
    files = list(data.glob('facilitator.db*'))
    assert {f.name for f in files} >= {'facilitator.db', 'facilitator.db-wal'}
    assert all(mode(f) == 0o600 for f in files), {f.name: oct(mode(f)) for f in files}
    engine.dispose()


def test_existing_loose_modes_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / 'old'
    data.mkdir(mode=0o755)
    database = data / 'facilitator.db'
    database.touch(mode=0o644)
    secure_dir(data)
    secure_sqlite_file(sqlite_url(data))
    assert (mode(data), mode(database)) == (0o700, 0o600)


def test_other_databases_are_left_alone(tmp_path: Path) -> None:
    assert sqlite_path('postgresql://u:p@host/db') is None
    assert sqlite_path('sqlite://') is None
    secure_sqlite_file('postgresql://u:p@host/db')  # nothing to do, no error
