"""`/api/docs`: Swagger UI for `/api/openapi.json`, served from the app itself so it works offline.

The assets come from the `fastapi-offline` package (Swagger UI 5, which reads FastAPI's OpenAPI 3.1); no CDN.
"""

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

OPENAPI_URL = '/api/openapi.json'
ASSETS = '/api/docs/assets'


def add_docs(api: FastAPI) -> None:
    api.mount(ASSETS, StaticFiles(directory=Path(fastapi_offline.__file__).parent / 'static'), name='docs-assets')

    @api.get('/api/docs', include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=OPENAPI_URL, title='facilitator API',
                                   swagger_js_url=f'{ASSETS}/swagger-ui-bundle.js',
                                   swagger_css_url=f'{ASSETS}/swagger-ui.css',
                                   swagger_favicon_url=f'{ASSETS}/favicon.png',
                                   swagger_ui_parameters={'validatorUrl': None})  # no call to an outside validator
