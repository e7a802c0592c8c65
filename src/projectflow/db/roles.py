"""The database roles. Names are fixed: migrations grant to them and policies name them."""

OWNER = "projectflow_owner"  # owns the schema; runs migrations only
APP = "projectflow_app"  # the API and workers: NOSUPERUSER, NOBYPASSRLS, not the owner
MAINTENANCE = "projectflow_maint"  # compaction, audit shipping: only the grants it needs
# NOLOGIN, BYPASSRLS: owns the few SECURITY DEFINER helpers that policies and auth rely on
# (membership lookups would otherwise recurse into their own policies).
GUARD = "projectflow_guard"

DATABASE = "projectflow"
