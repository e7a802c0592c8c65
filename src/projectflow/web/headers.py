"""Browser security headers on every response, and the Content-Security-Policy of our pages.

An HTML page we serve (the web app's files, the API docs) sets its own policy, built by
`page_policy` from the hashes of its inline scripts (and of the web app's style attributes).
Every other response (JSON, errors, 404s and 413s from middleware, 500s) gets `API_POLICY`,
which lets nothing load and nothing frame it.
"""

import base64
import hashlib
from collections.abc import Iterable
from html.parser import HTMLParser

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Powerful features the app never uses: off for it and for anything it could ever embed.
# Only names Chromium knows: an unknown one costs a console error on every page load.
DENIED_FEATURES = (
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in DENIED_FEATURES),
    "X-Frame-Options": "DENY",
}

# JSON is never meant to render as a page: if a browser is tricked into it, nothing runs.
API_POLICY = "default-src 'none'; frame-ancestors 'none'"

_DEFAULTS = [
    *((name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()),
    (b"content-security-policy", API_POLICY.encode()),
]


def page_policy(
    script_hashes: Iterable[str] = (), style_attribute_hashes: Iterable[str] = ()
) -> str:
    """The policy of a page we serve: everything from this origin only, no inline script but
    those whose hashes (`sha256-…`, from `csp_hash`) are listed, and no style attribute but
    those listed likewise.

    No `'unsafe-inline'` for styles either: the app's CSS is a file, what it styles at run time
    it sets through the CSSOM (`element.style`, which CSP does not govern), and the few static
    style attributes in its compiled markup are allowed by hash.
    """
    directives = {
        "default-src": "'self'",
        "script-src": _sources("'self'", script_hashes),
        "style-src": "'self'",
        "img-src": "'self' data:",
        # In CSP 3 (Chromium, Firefox, Safari) 'self' also matches ws:// and wss:// of this host.
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    if style_attribute_hashes:
        # Hashes match attributes only with 'unsafe-hashes'; -attr keeps them off <style>.
        directives["style-src-attr"] = _sources("'unsafe-hashes'", style_attribute_hashes)
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _sources(first: str, hashes: Iterable[str]) -> str:
    return " ".join([first, *(f"'{digest}'" for digest in hashes)])


def csp_hash(source: str) -> str:
    """The CSP hash (without quotes) that allows exactly this inline script or style."""
    digest = hashlib.sha256(source.encode()).digest()
    return "sha256-" + base64.b64encode(digest).decode()


def inline_script_hashes(html: str) -> list[str]:
    """The hashes of the inline scripts of an HTML page, for `page_policy`."""
    finder = _InlineScripts()
    finder.feed(html)
    finder.close()
    return [csp_hash(source) for source in finder.sources]


class _InlineScripts(HTMLParser):
    """Collects the text of each `<script>` without `src`, exactly as the browser hashes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.sources: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and "src" not in dict(attrs):
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.sources.append("".join(self._current))
            self._current = None


class SecurityHeadersMiddleware:
    """Adds `SECURITY_HEADERS` to every HTTP response, and `API_POLICY` to those that set no
    Content-Security-Policy of their own. Headers a response already has are left as they are."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_defaults(list(message.get("headers", [])))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _with_defaults(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    present = {name.lower() for name, _ in headers}
    return headers + [(name, value) for name, value in _DEFAULTS if name not in present]
