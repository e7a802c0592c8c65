"""Structured JSON logs on stderr, one object per line, carrying the request id."""

import json
import logging
import re
import sys
from datetime import UTC, datetime

from projectflow.kit import request_context

# Secrets that travel in URLs, masked wherever a line quotes them (the access log quotes every
# path): invitation links' tokens (invitations/service.py LINK_TOKEN_PREFIX), and the bearer
# token a browser's WebSocket sends as `?token=` (collab/endpoints.py).
_URL_SECRETS = re.compile(r"\bpfi_[A-Za-z0-9_-]*|(?<=[?&]token=)[^&\s\"']*")


def mask_secrets(text: str) -> str:
    return _URL_SECRETS.sub("[hidden]", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": mask_secrets(record.getMessage()),
        }
        request_id = request_context.request_id.get()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = mask_secrets(self.formatException(record.exc_info))
        return json.dumps(entry)


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
