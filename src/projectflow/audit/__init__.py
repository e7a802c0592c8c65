"""The audit trail: rows written in the same transaction as the change they describe."""
