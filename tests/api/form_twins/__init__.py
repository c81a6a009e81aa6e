"""What each page that changes data does through the API: one table per app (``TWINS``:
URL name of the page → "METHOD /api/v1/path" of its twin; ``EXEMPT``: URL name → why it has
none)."""
