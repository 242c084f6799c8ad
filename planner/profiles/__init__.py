"""Comfort profiles: what a person always wants their search to start from."""
