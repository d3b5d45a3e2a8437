"""Local development: `python -m local.server` serves the real handler and a demo page."""
