"""Calendar features through HTTP: importing .ics files."""
