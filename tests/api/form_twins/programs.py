"""Program, direction and representative pages and their API twins."""

TWINS = {
    "direction_create": "POST /api/v1/directions",
    "direction_edit": "PATCH /api/v1/directions/{direction_id}",
    "direction_delete": "DELETE /api/v1/directions/{direction_id}",
    "direction_source": "POST /api/v1/directions/{direction_id}/sources",
    "program_create": "POST /api/v1/programs",
    "program_edit": "PATCH /api/v1/programs/{program_id}",
    "need_add": "POST /api/v1/programs/{program_id}/needs",
    "pledge_add": "POST /api/v1/pledges",
    "program_stop": "POST /api/v1/programs/{program_id}/stop",
    "program_delete": "DELETE /api/v1/programs/{program_id}",
    "program_plan": "POST /api/v1/programs/{program_id}/plan",
    "pledge_transition": "POST /api/v1/pledges/{pledge_id}/transition",
    "representative_add": "POST /api/v1/stakeholders/{stakeholder_id}/representatives",
    "representative_remove": (
        "DELETE /api/v1/stakeholders/{stakeholder_id}/representatives/{link_id}"
    ),
}

EXEMPT: dict[str, str] = {}
