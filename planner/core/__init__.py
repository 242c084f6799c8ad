"""Shared infrastructure: settings, database, security, templating, clock."""
