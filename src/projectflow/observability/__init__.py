"""Logs now; traces and metrics as the issues that need them land."""
