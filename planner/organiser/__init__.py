"""Organiser tools: the dashboard and settings (API tokens)."""
