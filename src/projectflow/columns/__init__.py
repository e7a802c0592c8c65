"""Columns of a board: create, rename, WIP limits, reorder, delete (emptying them first)."""
