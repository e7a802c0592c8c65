"""ProjectFlow AI: a self-hosted, AI-augmented project workspace."""

__version__ = "0.1.0"
