"""Board files: import and export of whole boards, free of storage.

Importers turn a file into a `BoardData` (raising `BoardFileError` for anything they cannot
read); exporters turn a `BoardData` into a file. Formats: Trello's JSON export (import only),
CSV, and ProjectFlow's own JSON. See docs/board-formats.md.
"""

from projectflow.boardfiles.csv_format import decode_csv, export_csv, parse_csv
from projectflow.boardfiles.errors import BoardFileError
from projectflow.boardfiles.model import BoardData, CardData, ColumnData, CommentData
from projectflow.boardfiles.native import export_native, parse_native
from projectflow.boardfiles.trello import parse_trello

__all__ = [
    "BoardData",
    "BoardFileError",
    "CardData",
    "ColumnData",
    "CommentData",
    "decode_csv",
    "export_csv",
    "export_native",
    "parse_csv",
    "parse_native",
    "parse_trello",
]
