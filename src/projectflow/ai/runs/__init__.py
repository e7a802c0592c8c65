"""Agent runs on cards: an action's preset of prompt and tools, run as a job by a tool-calling
loop whose changes become a proposal the user approves (or apply at once)."""
