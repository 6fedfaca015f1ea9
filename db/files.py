"""Files that hold personal data are readable by the app's own user only: the data directory 0700, the SQLite
database (and its WAL and shared-memory files) 0600."""

import contextlib
import logging
import os
from pathlib import Path

from sqlalchemy.engine import make_url

DIR_MODE = 0o700
FILE_MODE = 0o600
log = logging.getLogger(__name__)


def secure_dir(path: Path) -> None:
    """Create the directory if needed, readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    _tighten(path, DIR_MODE)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for other databases and in-memory SQLite."""
    if not url.startswith('sqlite'):
        return None
    database = make_url(url).database
    if not database or database == ':memory:' or database.startswith('file:'):
        return None
    return Path(database)


def secure_sqlite_file(url: str) -> None:
    """Create the SQLite file 0600 before SQLite does (it would use the umask, usually 0644), and tighten the mode of
    a file that already exists. SQLite gives its -wal and -shm files the database file's mode."""
    path = sqlite_path(url)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    for file in (path, path.with_name(path.name + '-wal'), path.with_name(path.name + '-shm')):
        with contextlib.suppress(FileNotFoundError):
            _tighten(file, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    """chmod, or a warning when the path belongs to someone else (a mounted volume): starting matters more."""
    try:
        os.chmod(path, mode)
    except PermissionError:
        log.warning('Could not restrict %s to mode %o: it belongs to another user', path, mode)
