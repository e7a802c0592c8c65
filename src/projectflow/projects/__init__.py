"""Projects: the tenant boundary every board, card and job lives inside."""
