"""Tables that let several instances share one database: presence per instance, rate windows and shared secrets."""

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from .types import UTCDateTime


class InstancePresence(SQLModel, table=True):
    """How many participants one instance has online in one session, as of its last heartbeat."""

    __tablename__ = 'instance_presence'

    instance_id: str = Field(primary_key=True, max_length=32)
    session_code: str = Field(primary_key=True, max_length=16)
    online: int = 0
    seen_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))


class RateWindow(SQLModel, table=True):
    """A fixed window of a rate limit shared by every instance (e.g. joins per address per minute)."""

    __tablename__ = 'rate_window'

    key: str = Field(primary_key=True, max_length=200)
    started_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    count: int = 0


class AppSecret(SQLModel, table=True):
    """A secret generated once and shared by every instance (NiceGUI's storage secret, the organizer token's hash)."""

    __tablename__ = 'app_secret'

    name: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)
