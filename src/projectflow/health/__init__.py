"""Liveness of the services the API needs."""
