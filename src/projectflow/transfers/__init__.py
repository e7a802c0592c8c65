"""Transfers: whole boards in and out as files (Trello, CSV and ProjectFlow JSON imports;
JSON and CSV exports). The formats themselves live in `boardfiles/`."""
