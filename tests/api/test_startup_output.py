"""What the server prints when it starts: the organizer token only when it was generated just now."""

from typing import Any

import pytest

import run
from facilitator.settings import Settings


def announce(capsys: pytest.CaptureFixture[str], **kwargs: Any) -> str:
    settings = Settings(public_url='http://127.0.0.1:8080')
    run._announce(None, settings, 'the-secret-token-123', demo=False, **kwargs)  # type: ignore[arg-type]
    return capsys.readouterr().out


def test_a_supplied_token_is_never_printed(capsys: pytest.CaptureFixture[str]) -> None:
    out = announce(capsys, generated=False)
    assert 'the-secret-token-123' not in out
    assert 'http://127.0.0.1:8080/organize' in out


def test_a_generated_token_is_printed_once_in_the_organiser_link(capsys: pytest.CaptureFixture[str]) -> None:
    out = announce(capsys, generated=True)
    assert 'http://127.0.0.1:8080/organize?token=the-secret-token-123' in out
