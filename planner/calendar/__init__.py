"""Calendars: .ics files, private and public feeds, reminders, and importing .ics files."""
