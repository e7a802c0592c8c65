"""Engines, the per-transaction identity guard, role bootstrap and migrations."""
