"""The colours a label may have: Trello's ten, and gray for a label without one."""

import hashlib
from typing import Literal, get_args

Color = Literal[
    "green", "yellow", "orange", "red", "purple", "blue", "sky", "lime", "pink", "black", "gray"
]
COLORS: tuple[str, ...] = get_args(Color)
# What a label created by naming it on a card gets: a colour of its own, the same every time.
_ASSIGNABLE = COLORS[:-2]


def color_for(name: str) -> str:
    """A stable colour for a label nobody chose one for."""
    digest = hashlib.sha256(name.casefold().encode()).digest()
    return _ASSIGNABLE[digest[0] % len(_ASSIGNABLE)]


def from_trello(color: object) -> str:
    """Trello's colour names, including its `_light` and `_dark` shades; none is gray."""
    if not isinstance(color, str):
        return "gray"
    base = color.removesuffix("_light").removesuffix("_dark")
    return base if base in COLORS else "gray"
