"""Limits on the anonymous doors (sign-up, login), checked in memory before the database."""

from dataclasses import dataclass

from projectflow.config import Settings
from projectflow.kit.errors import TooManyRequests
from projectflow.kit.rate_limit import TokenBuckets


@dataclass(frozen=True)
class AnonymousLimits:
    login: TokenBuckets
    signup: TokenBuckets

    @classmethod
    def from_settings(cls, settings: Settings) -> "AnonymousLimits":
        return cls(
            login=TokenBuckets(
                settings.login_burst_per_address, settings.login_per_second_per_address
            ),
            signup=TokenBuckets(
                settings.signup_burst_per_address, settings.signup_per_second_per_address
            ),
        )


def spend(buckets: TokenBuckets, address: str, what: str) -> None:
    """One request from `address`, or 429 with Retry-After when it has sent too many."""
    wait = buckets.take(address)
    if wait:
        raise TooManyRequests(
            f"Too many {what} requests from your address; try again in {wait} s.",
            retry_after=wait,
        )
