"""Saying yes gently: RSVPs, the waitlist, allies and safety plans."""
