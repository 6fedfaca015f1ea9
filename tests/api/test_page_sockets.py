"""Page sockets: events bound to the socket that shook hands for them, malformed frames ignored without tracebacks.

The server is the real `run.py` (see helpers.Server); the pages are bench/nicegui_client.py's simulated tabs,
speaking NiceGUI's own socket.io protocol.
"""

import asyncio
import json
from typing import Any

import httpx
import nicegui
import pytest
from websockets.asyncio.client import connect

from bench.nicegui_client import PageClient
from tests.api.helpers import ADMIN_TOKEN, Server, bearer, create_session
from ui.socket_guard import WRITTEN_FOR_NICEGUI

WAIT_S = 10.0


def test_the_socket_guard_was_written_for_the_installed_nicegui() -> None:
    assert nicegui.__version__ == WRITTEN_FOR_NICEGUI, (
        f'ui/socket_guard.py wraps the socket.io handlers of NiceGUI {WRITTEN_FOR_NICEGUI}, but NiceGUI '
        f'{nicegui.__version__} is installed. Check nicegui/nicegui.py (_on_handshake, _on_event, '
        f'_on_javascript_response, _on_ack, _on_log): does NiceGUI still route by the client_id in the message, are '
        f'the handler names and arguments the same, and does the handshake still enter a room named after the '
        f'client? Then update WRITTEN_FOR_NICEGUI.')


class Tab:
    """A simulated browser tab that remembers the elements of its page, to send events to them."""

    def __init__(self, url: str) -> None:
        self.elements: dict[str, Any] = {}
        self.page = PageClient(url, on_elements=self._keep, reconnect=False, timeout=WAIT_S)

    def _keep(self, _page: PageClient, elements: dict[str, Any], _at: float, _html: bool) -> None:
        self.elements.update({k: v for k, v in elements.items() if v})

    def listener(self, label: str, event: str) -> tuple[int, str]:
        """The element id and listener id of `event` on the element labelled `label`."""
        for element_id, element in self.elements.items():
            if element.get('props', {}).get('label') == label:
                for listener in element.get('events', []):
                    if listener.get('type') == event:
                        return int(element_id), listener['listener_id']
        raise AssertionError(f'no {event} listener on {label!r}')

    async def send(self, client_id: str, element_id: int, listener_id: str, *args: Any) -> None:
        ws = self.page._ws
        assert ws is not None
        msg = {'id': element_id, 'client_id': client_id, 'listener_id': listener_id,
               'args': [json.dumps(arg) for arg in args]}
        await ws.send_str('42' + json.dumps(['event', msg]))


async def fill_and_join(victim: Tab, sender: Tab, name: str) -> None:
    """Send the join form's events for `victim`'s page over `sender`'s socket."""
    await sender.send(victim.page.client_id, *victim.listener('Your name', 'update:value'), name)
    await sender.send(victim.page.client_id, *victim.listener('Stakeholder group', 'update:modelValue'),
                      {'value': 0, 'label': 'x'})
    await sender.send(victim.page.client_id, *victim.listener('Join', 'click'))


async def count(api: httpx.AsyncClient, code: str) -> int:
    response = await api.get(f'/api/sessions/{code}/state')
    return int(response.json()['participant_count'])


async def test_a_click_sent_on_another_pages_client_id_changes_nothing(server: Server) -> None:
    async with httpx.AsyncClient(base_url=server.base_url, timeout=WAIT_S) as api:
        created = await api.post('/api/sessions', json={'template': 'cop-industry-connect-2025-s2'},
                                 headers=bearer(ADMIN_TOKEN))
        code = created.json()['code']
        victim, mallory = Tab(f'{server.base_url}/s/{code}'), Tab(f'{server.base_url}/s/{code}')
        await victim.page.open()
        await mallory.page.open()
        try:
            assert victim.page.client_id != mallory.page.client_id
            await fill_and_join(victim, mallory, 'Mallory')
            await asyncio.sleep(1.0)  # give a forged event every chance to run
            assert await count(api, code) == 0
            assert 'dropped a socket.io' in server.log_path.read_text(errors='replace')
            # the same events from the page's own socket do join: the forgery was refused, not malformed
            await fill_and_join(victim, victim, 'Victor')
            async with asyncio.timeout(WAIT_S):
                while await count(api, code) != 1:
                    await asyncio.sleep(0.1)
        finally:
            await victim.page.close()
            await mallory.page.close()


async def test_malformed_socket_frames_are_ignored_without_tracebacks(server: Server) -> None:
    with httpx.Client(base_url=server.base_url, timeout=WAIT_S) as http:
        code = create_session(http)['code']
    before = server.log_path.read_text(errors='replace').count('Traceback')
    tab = Tab(f'{server.base_url}/s/{code}')
    await tab.page.open()
    ws = tab.page._ws
    assert ws is not None
    garbage = ['42["event"]', '42["event","x"]', '42["event",{"client_id":5}]', '42["event",{},{}]',
               '42["handshake",{}]', '42["handshake","x",1]', '42["javascript_response",[]]', '42["ack",null]',
               '42["log",{"client_id":[]}]', '42{not json', '4', '9', '42["nope",{}]', '42[1,2]', '\x00\xff']
    for frame in garbage:
        if not ws.closed:
            await ws.send_str(frame)
    await asyncio.sleep(0.5)
    await tab.page.close()
    ws_url = server.base_url.replace('http://', 'ws://') + '/_nicegui_ws/socket.io/?EIO=4&transport=websocket'
    async with connect(ws_url, open_timeout=WAIT_S) as raw:
        for frame in ['x', '4{', '40/nope,', '42["event",{"client_id":"x","id":1}]', '6', '1']:
            await raw.send(frame)
    polling = f'{server.base_url}/_nicegui_ws/socket.io/?EIO=4&transport=polling'
    with httpx.Client(timeout=WAIT_S) as http:
        sid = json.loads(http.get(polling).text[1:])['sid']
        for body in ['x', '9', '4{', '42["event"]', '\x1e\x1e', '42[1]', '40/x,{']:
            assert http.post(f'{polling}&sid={sid}', content=body).status_code in {200, 400}
    async with connect(f'{server.ws_url}/api/sessions/{code}/live', open_timeout=WAIT_S) as live:
        await asyncio.wait_for(live.recv(), WAIT_S)
        for frame in ['{not json', '\x00', '[]' * 1000, b'\x00\xff\xfe']:
            await live.send(frame)
    await asyncio.sleep(0.5)
    log = server.log_path.read_text(errors='replace')
    assert log.count('Traceback') == before, log[-3000:]
    with httpx.Client(base_url=server.base_url, timeout=WAIT_S) as http:
        assert http.get('/api/health').json() == {'status': 'ok'}


@pytest.mark.parametrize('size', [2 * 1024 * 1024])
async def test_a_websocket_message_over_the_limit_closes_the_socket(server: Server, size: int) -> None:
    with httpx.Client(base_url=server.base_url, timeout=WAIT_S) as http:
        code = create_session(http)['code']
    async with connect(f'{server.ws_url}/api/sessions/{code}/live', open_timeout=WAIT_S, max_size=None) as live:
        await asyncio.wait_for(live.recv(), WAIT_S)
        await live.send('x' * size)
        async with asyncio.timeout(WAIT_S):
            await live.wait_closed()
        assert live.close_code == 1009  # "message too big"
