"""The join cap per address, with an injected clock: far above a venue's needs, and a 429 past it."""

import pytest

from facilitator.errors import RateLimited
from facilitator.join_limit import JoinLimiter, client_address, parse_networks


class Ticker:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_1000_joins_in_a_minute_from_one_address_pass_with_the_default_cap() -> None:
    clock = Ticker()
    limiter = JoinLimiter(now=clock)
    assert limiter.limit == 3000
    for _ in range(1000):
        limiter.check('10.0.0.1')
        clock.now += 0.059  # 1,000 joins spread over 59 s


def test_past_the_cap_a_join_is_refused_with_retry_after_until_the_minute_is_over() -> None:
    clock = Ticker()
    limiter = JoinLimiter(3, now=clock)
    for _ in range(3):
        limiter.check('10.0.0.1')
    clock.now += 20
    with pytest.raises(RateLimited) as refused:
        limiter.check('10.0.0.1')
    assert (refused.value.status, refused.value.retry_after) == (429, 40)
    limiter.check('10.0.0.2')  # other addresses are counted apart
    clock.now += 40
    limiter.check('10.0.0.1')  # a new minute


def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy() -> None:
    trusted = parse_networks(['10.1.0.0/16', '192.0.2.5'])
    assert client_address('198.51.100.9', '203.0.113.7', trusted) == '198.51.100.9'  # not a proxy: header ignored
    assert client_address('10.1.2.3', '203.0.113.7', trusted) == '203.0.113.7'
    assert client_address('10.1.2.3', '6.6.6.6, 203.0.113.7', trusted) == '203.0.113.7'  # forged hops on the left
    assert client_address('10.1.2.3', '203.0.113.7, 192.0.2.5', trusted) == '203.0.113.7'  # proxies chained
    assert client_address('10.1.2.3', 'garbage', trusted) == 'garbage'
    assert client_address('10.1.2.3', None, trusted) == '10.1.2.3'
    assert client_address(None, None, ()) == 'unknown'


def test_an_entry_that_is_no_address_is_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match='does not appear to be'):
        JoinLimiter(trusted_proxies=['not-an-address'])


def test_memory_stays_bounded_under_many_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr('facilitator.join_limit.MAX_TRACKED', 100)
    clock = Ticker()
    limiter = JoinLimiter(now=clock)
    for n in range(500):
        limiter.check(f'10.0.{n // 250}.{n % 250}')
    assert len(limiter._windows) <= 100
