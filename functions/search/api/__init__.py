"""What every route module shares: telemetry, the opened index, error answers and HTTP caching.

Route modules (in `routes/`) import from here; `app.py` wires it together.
"""
