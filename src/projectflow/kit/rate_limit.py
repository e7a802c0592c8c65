"""In-memory token buckets: a cheap per-key limit checked before any database work.

Per process (each API process counts on its own): its job is to keep a flood from one address
off the connection pool and the password hasher, not to be an exact global quota; exact,
shared limits (login throttling) live in the database.
"""

import math
import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """`capacity` requests at once per key, refilled at `per_second`; at most `max_keys` keys
    are remembered (the least recently used go first, so memory stays bounded)."""

    def __init__(self, capacity: int, per_second: float, max_keys: int = 100_000) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, key: str) -> int:
        """Spend one token for `key`: 0 if there was one, else the whole seconds to wait."""
        now = time.monotonic()
        bucket = self._buckets.pop(key, None) or _Bucket(float(self.capacity), now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.per_second)
        bucket.updated = now
        self._buckets[key] = bucket
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0
        return max(1, math.ceil((1 - bucket.tokens) / self.per_second))
