"""Identity: accounts, passwords, bearer tokens, sign-in rate limits."""
