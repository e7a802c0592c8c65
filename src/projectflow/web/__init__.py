"""Serving the single-page web app built from web/."""
