"""Typed errors: each carries its HTTP status and renders as one JSON shape.

{"error": {"code": "...", "message": "...", "details": ...}}
"""

from typing import Any


class AppError(Exception):
    """Base of every error the API renders on purpose."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers = headers

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.details)


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


class BadRequest(AppError):
    status_code = 400
    code = "bad_request"


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "Missing, expired or revoked bearer token.") -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(AppError):
    """Also answers for ids that do not exist, so existence never leaks."""

    status_code = 403
    code = "forbidden"

    def __init__(self) -> None:
        super().__init__("You do not have access to this resource, or it does not exist.")


class NotFound(AppError):
    status_code = 404
    code = "not_found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"


class InvalidField(AppError):
    """A well-formed request naming something that cannot be used (same shape as 422s from
    validation: details lists the field and the problem)."""

    status_code = 422
    code = "validation_error"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(
            f"{field}: {message}", details=[{"field": field, "message": message, "type": "invalid"}]
        )


class TooManyRequests(AppError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(
            message,
            details={"retry_after_seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


class Unavailable(AppError):
    """The service cannot take this now; retry later (`Retry-After`)."""

    status_code = 503
    code = "unavailable"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(
            message,
            details={"retry_after_seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )
