"""Work standard pages: an assessment's page and the years page offer several actions in
one form (the button's ``action``), so each names all its operations."""

TWINS = {
    "assessments": "POST /api/v1/assessments",
    "assessment": (
        "PATCH /api/v1/assessments/{assessment_id}",  # save
        "POST /api/v1/assessments/{assessment_id}/criteria/{criterion_id}/evidence",
        "DELETE /api/v1/assessments/{assessment_id}/criteria/{criterion_id}/evidence/{evidence_id}",
        "POST /api/v1/assessments/{assessment_id}/criteria/{criterion_id}/replies",
        "POST /api/v1/assessments/{assessment_id}/refresh",
        "POST /api/v1/assessments/{assessment_id}/submit",
        "POST /api/v1/assessments/{assessment_id}/criteria/{criterion_id}/review",
    ),
    "years": (
        "POST /api/v1/standard/campaigns",  # deadline
        "POST /api/v1/standard/campaigns/{year}/extensions",
        "POST /api/v1/standard/campaigns/{year}/publish",
    ),
}

EXEMPT: dict[str, str] = {}
