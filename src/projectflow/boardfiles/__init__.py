"""Board files: import and export of whole boards, free of storage.

Importers turn a file into a `BoardData` (raising `BoardFileError` for anything they cannot
read); exporters turn a `BoardData` into a file. Formats: Trello's JSON export (import only),
CSV, and ProjectFlow's own JSON; `detect_format` tells them apart. See docs/board-formats.md.
"""

from projectflow.boardfiles.csv_format import decode_csv, export_csv, parse_csv
from projectflow.boardfiles.detect import HEAD, FileKind, detect_format, trello_board_id
from projectflow.boardfiles.errors import BoardFileError
from projectflow.boardfiles.model import (
    BoardData,
    CardData,
    ChecklistData,
    ChecklistItemData,
    ColumnData,
    CommentData,
    LabelData,
)
from projectflow.boardfiles.native import export_native, parse_native
from projectflow.boardfiles.trello import parse_trello

__all__ = [
    "HEAD",
    "BoardData",
    "BoardFileError",
    "CardData",
    "ChecklistData",
    "ChecklistItemData",
    "ColumnData",
    "CommentData",
    "FileKind",
    "LabelData",
    "decode_csv",
    "detect_format",
    "export_csv",
    "export_native",
    "parse_csv",
    "parse_native",
    "parse_trello",
    "trello_board_id",
]
