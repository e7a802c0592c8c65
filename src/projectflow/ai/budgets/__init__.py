"""AI spending: the usage ledger, budgets per project (monthly, per run) and per card, and the
allowance each provider call gets before it starts."""
