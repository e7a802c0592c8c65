"""Boards as Yjs documents: the source of truth for a board's content (DESIGN §5)."""
