"""The client's address: the peer's, or the one a trusted proxy says it forwarded for.

`X-Forwarded-For` is believed only from proxies listed in the settings (default: none); a
client cannot pick its own address, and so cannot escape per-address limits.
"""

from collections.abc import Iterable
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or CIDR networks (`10.0.0.1`, `10.0.0.0/8`, `::1`)."""
    return tuple(ip_network(value.strip(), strict=False) for value in values)


def client_address(
    peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]
) -> str:
    """Walk the chain from the peer backwards past trusted proxies; the first untrusted hop is
    the client (the leftmost entry when every hop is trusted)."""
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    current = peer or "unknown"
    while _is_trusted(current, trusted) and hops:
        current = hops.pop()
    return current


def _is_trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    if not trusted:
        return False
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)
