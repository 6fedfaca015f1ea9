"""Domain errors. Each carries a human sentence; the API maps the class to an HTTP status."""


class DomainError(Exception):
    """A broken rule. `message` is shown to the person as it is."""

    status: int = 400
    code: str = 'bad_request'

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidInput(DomainError):
    status = 422
    code = 'invalid_input'


class NotFound(DomainError):
    status = 404
    code = 'not_found'


class Unauthorized(DomainError):
    status = 401
    code = 'unauthorized'


class Forbidden(DomainError):
    status = 403
    code = 'forbidden'


class Conflict(DomainError):
    status = 409
    code = 'conflict'


class RateLimited(DomainError):
    status = 429
    code = 'rate_limited'

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DatabaseBusy(DomainError):
    """The database could not take a write: locked past the wait, read-only, full or unreachable."""

    status = 503
    code = 'database_busy'

    def __init__(self, message: str, *, reason: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.reason = reason
        self.retry_after = retry_after


class ReportUnavailable(DomainError):
    """The server lacks something a report format needs (e.g. the fonts of the PDF); the other formats still work."""

    status = 503
    code = 'report_unavailable'
