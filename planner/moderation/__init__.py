"""Keeping a vulnerable audience safe: verification, reports, the audit log."""
