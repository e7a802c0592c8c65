"""Shared test helpers: databases from a migrated template, API clients, sign-up shortcuts."""
