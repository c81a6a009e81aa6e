"""The working bodies' pages that change data and their twins in the API."""

TWINS: dict[str, str] = {
    "governance:body_create": "POST /api/v1/bodies",
    "governance:body_edit": "PATCH /api/v1/bodies/{body_id}",
    "governance:body_delete": "DELETE /api/v1/bodies/{body_id}",
    "governance:member_add": "POST /api/v1/bodies/{body_id}/members",
    "governance:member_edit": "PATCH /api/v1/bodies/{body_id}/members/{member_id}",
    "governance:member_remove": "DELETE /api/v1/bodies/{body_id}/members/{member_id}",
    "governance:member_add_candidates": "POST /api/v1/bodies/{body_id}/candidates",
    "governance:power_add": "POST /api/v1/bodies/{body_id}/powers",
    "governance:power_revoke": "DELETE /api/v1/bodies/{body_id}/powers/{power_id}",
}

EXEMPT: dict[str, str] = {}
