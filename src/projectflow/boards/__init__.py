"""Boards: creation, the board view, the binary document endpoints, import and export."""
