"""File downloads: the answer with its name, and its entry in /api/openapi.json."""

from typing import Any

from fastapi.responses import Response

DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'


def download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content, media_type=media_type,
                    headers={'Content-Disposition': f'attachment; filename="{filename}"'})


def file_responses(description: str, *media_types: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route that answers a file in one of `media_types`."""
    return {200: {'description': description, 'content': {media: {} for media in media_types}}}
