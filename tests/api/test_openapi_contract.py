"""`/api/openapi.json` documents every endpoint: each JSON answer with its fields, each file with its media type,
and every error with API.md's `{"error": {"code", "message"}}` body."""

from typing import Any

import httpx
import pytest

ERROR_STATUSES = {'400', '401', '403', '404', '409', '413', '422', '429', '503'}


@pytest.fixture(scope='module')
def spec(server: Any) -> dict[str, Any]:
    with server.client() as client:
        return client.get('/api/openapi.json').json()


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, operation) for path, methods in spec['paths'].items()
            for method, operation in methods.items()]


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while '$ref' in schema:
        schema = spec['components']['schemas'][schema['$ref'].rsplit('/', 1)[-1]]
    return schema


def has_fields(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    """A schema that names what is inside: an object with properties, a list of such, or a choice of such."""
    schema = resolve(spec, schema)
    if 'anyOf' in schema or 'oneOf' in schema:
        return all(has_fields(spec, s) for s in schema.get('anyOf', schema.get('oneOf', [])))
    if schema.get('type') == 'array':
        return has_fields(spec, schema['items'])
    return bool(schema.get('properties'))


def test_every_json_answer_of_every_endpoint_names_its_fields(spec: dict[str, Any]) -> None:
    untyped = []
    for method, path, operation in operations(spec):
        for status, answer in operation['responses'].items():
            if not status.startswith('2') or status == '204':
                continue
            content = answer.get('content', {})
            assert content, f'{method} {path} {status} declares no content'
            if set(content) != {'application/json'}:
                continue  # a file download in several formats (md, docx, csv, json, pdf)
            json_schema = content['application/json'].get('schema')
            if not (json_schema and has_fields(spec, json_schema)):
                untyped.append(f'{method} {path} {status}')
    assert untyped == [], 'answers documented as a bare object'


def test_file_downloads_declare_their_media_types(spec: dict[str, Any]) -> None:
    export = spec['paths']['/api/sessions/{code}/export']['get']['responses']['200']['content']
    assert {'text/markdown', 'text/csv', 'application/json', 'application/pdf'} <= set(export)
    assert 'text/calendar' in spec['paths']['/api/sessions/{code}/calendar.ics']['get']['responses']['200']['content']
    assert 'text/csv' in spec['paths']['/api/sessions/{code}/registrations.csv']['get']['responses']['200']['content']


def test_every_endpoint_documents_the_error_body_not_fastapis_default(spec: dict[str, Any]) -> None:
    for method, path, operation in operations(spec):
        responses = operation['responses']
        assert ERROR_STATUSES <= set(responses), f'{method} {path}'
        for status in ERROR_STATUSES:
            schema = responses[status]['content']['application/json']['schema']
            expected = 'Health' if (path, status) == ('/api/health', '503') else 'ErrorBody'  # {"status": "degraded"}
            assert schema == {'$ref': f'#/components/schemas/{expected}'}, f'{method} {path} {status}'
    assert 'HTTPValidationError' not in spec['components']['schemas']
    detail = resolve(spec, spec['components']['schemas']['ErrorBody']['properties']['error'])
    assert set(detail['properties']) == {'code', 'message'}


def test_a_documented_error_matches_what_the_server_answers(http: httpx.Client, spec: dict[str, Any]) -> None:
    answer = http.get('/api/sessions/NOSUCH/state')
    assert answer.status_code == 404
    assert set(answer.json()) == set(spec['components']['schemas']['ErrorBody']['properties'])
    assert set(answer.json()['error']) == {'code', 'message'}


def test_typed_receipts_still_answer_the_documented_fields(http: httpx.Client, session: dict[str, Any]) -> None:
    health = http.get('/api/health')
    assert health.json() == {'status': 'ok'}
    joined = http.post(f"/api/sessions/{session['code']}/participants", json={'name': 'Ana', 'group': 'academia'})
    assert joined.status_code == 201
    assert set(joined.json()) == {'participant_id', 'token', 'url'}
    templates = http.get('/api/templates').json()['templates']
    assert templates and set(templates[0]) == {'id', 'title', 'date', 'hybrid'}
