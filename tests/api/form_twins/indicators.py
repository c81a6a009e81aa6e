"""Indicator pages and their API twins."""

TWINS = {
    "enter": "POST /api/v1/indicators/{indicator_id}/measurements",
    "fix": "POST /api/v1/measurements/{measurement_id}/fix",
    "review_queue": "POST /api/v1/measurements/{measurement_id}/review",
    "refresh": "POST /api/v1/indicators/refresh",
    "stages": "PUT /api/v1/documents/{document_id}/stages",
    "goals": "PUT /api/v1/documents/{document_id}/goals",
    "create": "POST /api/v1/documents/{document_id}/indicators",
    "edit": "PUT /api/v1/indicators/{indicator_id}",
}

EXEMPT: dict[str, str] = {}
