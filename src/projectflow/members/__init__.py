"""Project membership: invite, change role, remove; the last owner always stays."""
