"""Cards: create, edit, move between columns under WIP limits, archive, search, history."""
