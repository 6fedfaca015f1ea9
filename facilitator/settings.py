"""Settings in one typed place, from the environment."""

import os
import secrets
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """`DATABASE_URL` and `FACILITATOR_*` variables. No secret has a default that could ship."""

    model_config = SettingsConfigDict(env_prefix='FACILITATOR_', extra='ignore')

    database_url: str | None = Field(default=None, validation_alias=AliasChoices('DATABASE_URL'))
    data_dir: Path = Path('data')
    admin_token: SecretStr | None = None
    storage_secret: SecretStr | None = None
    public_url: str | None = None
    language: str = 'en'
    host: str = '127.0.0.1'
    port: int = 8080
    allowed_hosts: str = ''
    """Comma list of further host names the app answers to, besides the public URL's."""
    trusted_proxies: str = ''
    """Comma list of proxy addresses or networks (CIDR) whose `X-Forwarded-For` is believed."""
    join_limit: int = 3000
    """Joins per address per minute."""
    retention_days: int = 90
    """Days after a session's scheduled end when its personal data is purged."""
    smtp_url: SecretStr | None = None  # smtp://host:port or smtp+starttls://user:password@host:587; unset: no mail
    mail_from: str | None = None

    def resolved_database_url(self) -> str:
        return self.database_url or f'sqlite:///{self.data_dir.resolve() / "facilitator.db"}'

    def resolved_public_url(self) -> str:
        return (self.public_url or f'http://{self.host}:{self.port}').rstrip('/')

    def secret(self, name: str) -> tuple[str, bool]:
        """The configured secret, or one generated once and kept in the data directory.

        Returns the secret and whether it was generated just now.
        """
        configured: SecretStr | None = getattr(self, name)
        if configured is not None and configured.get_secret_value():
            return configured.get_secret_value(), False
        path = self.data_dir / f'{name}.secret'
        if path.exists():
            return path.read_text().strip(), False
        self.data_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, 'w') as handle:
            handle.write(value)
        return value, True
