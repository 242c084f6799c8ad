"""Stepwise: small, predictable, accessible gatherings, one step at a time."""
