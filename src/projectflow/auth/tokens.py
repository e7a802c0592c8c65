"""Opaque bearer tokens: random, shown once, stored only as a SHA-256 digest."""

import hashlib
import secrets

TOKEN_PREFIX = "pf_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()
