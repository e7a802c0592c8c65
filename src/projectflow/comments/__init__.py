"""Comments on cards (plain rows: append-only talk, not collaboratively edited content)."""
