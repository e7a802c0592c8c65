"""Fractional indexing: order keys that let you insert between two neighbours without
renumbering anything else.

Keys compare with plain byte-wise string order (Python `<`, PostgreSQL `COLLATE "C"`). They use
the format of rocicorp/fractional-indexing, so keys made by that library in a browser are
accepted here:

    key      = integer part + fraction part
    integer  = a head letter giving the digit count, then that many base-62 digits:
               "a".."z" carry 1..26 digits (zero and up), "Z".."A" carry 1..26 (below zero)
    fraction = base-62 digits after the point; never ends in "0"

Appending or prepending steps the integer part, so runs of appends grow logarithmically
(5,000 appended keys are at most 4 characters). Inserting between two keys bisects the
fraction, which grows by at most one character per insertion at the same spot.

A key ending in the smallest digit leaves no room directly in front of it (nothing sorts
between "x" and "x0"), so keys made here never end in "0": the format already forbids it in
fractions and we also skip integer values that end in it.
"""

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

_ZERO = DIGITS[0]
_TOP = DIGITS[-1]
_BASE = len(DIGITS)
_VALUE = {digit: value for value, digit in enumerate(DIGITS)}
_SMALLEST_INTEGER = "A" + _ZERO * 26
_FIRST_KEY = "a1"


def key_between(before: str | None, after: str | None) -> str:
    """A key that sorts strictly between `before` and `after`; None is an open end.

    Raises ValueError when a key is malformed or `before` does not sort before `after`.
    """
    _check_bounds(before, after)
    if before is None:
        return _FIRST_KEY if after is None else _key_before(after)
    if after is None:
        return _key_after(before)
    return _key_inside(before, after)


def keys_between(before: str | None, after: str | None, n: int) -> list[str]:
    """`n` increasing keys strictly between `before` and `after`, kept short for bulk inserts.

    Open-ended runs step the integer part (logarithmic growth); a bounded range is bisected so
    the keys spread evenly instead of piling up next to one bound.
    """
    if n < 0:
        raise ValueError(f"cannot make {n} keys")
    _check_bounds(before, after)
    if n == 0:
        return []
    if after is None:
        return _run_upwards(key_between(before, None), n)
    if before is None:
        return _run_downwards(key_between(None, after), n)
    return _bisect(before, after, n)


def position_between(before: str | None, after: str | None) -> str:
    """Like `key_between`, but never fails on neighbours it did not make.

    Any Yjs client may write positions, so a neighbour can be malformed, or two neighbours tied
    or crossed after a merge. Such a bound is dropped (an open end instead): the result is
    always a valid key, at worst not exactly where the broken neighbours would put it.
    """
    if before is not None and not is_valid_key(before):
        before = None
    if after is not None and not is_valid_key(after):
        after = None
    if before is not None and after is not None and before >= after:
        after = None
    return key_between(before, after)


def is_valid_key(key: str) -> bool:
    """Whether `key` is a well-formed order key (e.g. one sent by a client)."""
    try:
        _validate(key)
    except ValueError:
        return False
    return True


def _check_bounds(before: str | None, after: str | None) -> None:
    if before is not None:
        _validate(before)
    if after is not None:
        _validate(after)
    if before is not None and after is not None and before >= after:
        raise ValueError(f"order key {before!r} must sort before {after!r}")


def _validate(key: str) -> None:
    if not isinstance(key, str) or not key:
        raise ValueError(f"order key {key!r} must be a non-empty string")
    if any(char not in _VALUE for char in key):
        raise ValueError(f"order key {key!r} may hold only the digits 0-9, A-Z and a-z")
    if key == _SMALLEST_INTEGER:
        raise ValueError(f"order key {key!r} is reserved as the lower bound")
    if _split(key)[1].endswith(_ZERO):
        raise ValueError(f"order key {key!r} has a fraction ending in {_ZERO!r}")


def _integer_length(head: str) -> int:
    if "a" <= head <= "z":
        return ord(head) - ord("a") + 2
    if "A" <= head <= "Z":
        return ord("Z") - ord(head) + 2
    raise ValueError(f"order key head {head!r} must be a letter")


def _split(key: str) -> tuple[str, str]:
    length = _integer_length(key[0])
    if len(key) < length:
        raise ValueError(f"order key {key!r} is shorter than its head {key[0]!r} requires")
    return key[:length], key[length:]


def _key_after(before: str) -> str:
    integer, fraction = _split(before)
    following = _next_integer(integer)
    if following is not None:
        return following
    # The largest integer is taken: continue in its fraction.
    return integer + _midpoint(fraction, None)


def _key_before(after: str) -> str:
    integer, fraction = _split(after)
    if fraction and not integer.endswith(_ZERO):
        return integer
    preceding = _previous_integer(integer)
    if preceding is not None:
        return preceding
    # Below every usable integer: continue in the fraction of the smallest one.
    upper = fraction if integer == _SMALLEST_INTEGER else None
    return _SMALLEST_INTEGER + _midpoint("", upper)


def _key_inside(before: str, after: str) -> str:
    low_integer, low_fraction = _split(before)
    high_integer, high_fraction = _split(after)
    if low_integer == high_integer:
        return low_integer + _midpoint(low_fraction, high_fraction)
    following = _next_integer(low_integer)
    if following is not None and following < after:
        return following
    return low_integer + _midpoint(low_fraction, None)


def _midpoint(low: str, high: str | None) -> str:
    """A fraction strictly between `low` and `high` (None = 1), not ending in zero."""
    prefix = ""
    if high is not None:
        shared = _shared_length(low, high)
        prefix, low, high = high[:shared], low[shared:], high[shared:]
    while True:
        low_digit = _VALUE[low[0]] if low else 0
        high_digit = _VALUE[high[0]] if high is not None else _BASE
        if high_digit - low_digit > 1:
            return prefix + DIGITS[(low_digit + high_digit + 1) // 2]
        if high is not None and len(high) > 1:
            return prefix + high[0]
        # Neighbouring digits: keep low's digit and find room further right, with no upper
        # bound left (anything after it is below `high`).
        prefix, low, high = prefix + DIGITS[low_digit], low[1:], None


def _shared_length(low: str, high: str) -> int:
    """How many leading digits `low` (read with trailing zeros) shares with `high`."""
    shared = 0
    while shared < len(high) and (low[shared] if shared < len(low) else _ZERO) == high[shared]:
        shared += 1
    return shared


def _next_integer(integer: str) -> str | None:
    following: str | None = _increment(integer)
    while following is not None and following.endswith(_ZERO):
        following = _increment(following)
    return following


def _previous_integer(integer: str) -> str | None:
    preceding: str | None = _decrement(integer)
    while preceding is not None and preceding.endswith(_ZERO):
        preceding = _decrement(preceding)
    return preceding


def _increment(integer: str) -> str | None:
    head, digits = integer[0], integer[1:]
    kept = digits.rstrip(_TOP)
    if kept:
        # Raise the last digit below the top one; the top digits after it roll over to zero.
        raised = DIGITS[_VALUE[kept[-1]] + 1]
        return head + kept[:-1] + raised + _ZERO * (len(digits) - len(kept))
    # Every digit rolled over: the next head holds one digit more (one less below zero).
    if head == "z":
        return None
    if head == "Z":
        return "a" + _ZERO
    next_head = chr(ord(head) + 1)
    return next_head + _ZERO * (len(digits) + (1 if next_head > "a" else -1))


def _decrement(integer: str) -> str | None:
    head, digits = integer[0], integer[1:]
    kept = digits.rstrip(_ZERO)
    if kept:
        lowered = DIGITS[_VALUE[kept[-1]] - 1]
        return head + kept[:-1] + lowered + _TOP * (len(digits) - len(kept))
    if head == "A":
        return None
    if head == "a":
        return "Z" + _TOP
    previous_head = chr(ord(head) - 1)
    return previous_head + _TOP * (len(digits) + (1 if previous_head < "Z" else -1))


def _run_upwards(first: str, n: int) -> list[str]:
    keys = [first]
    while len(keys) < n:
        keys.append(_key_after(keys[-1]))
    return keys


def _run_downwards(last: str, n: int) -> list[str]:
    keys = [last]
    while len(keys) < n:
        keys.append(_key_before(keys[-1]))
    keys.reverse()
    return keys


def _bisect(before: str, after: str, n: int) -> list[str]:
    if n == 0:
        return []
    middle = _key_inside(before, after)
    below = (n - 1) // 2
    return [*_bisect(before, middle, below), middle, *_bisect(middle, after, n - 1 - below)]
