"""Who may do what: the one authorization chokepoint (RLS in Postgres is the second wall)."""
