"""Invitations: how someone joins a project — offered by an owner or admin, accepted by them."""
