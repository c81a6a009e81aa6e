"""The registry's pages that change data and their twins in the API."""

TWINS: dict[str, str] = {
    "registry:association_create": "POST /api/v1/associations",
    "registry:association_edit": "PATCH /api/v1/associations/{slug}",
    "registry:association_delete": "DELETE /api/v1/associations/{slug}",
    "registry:stakeholder_create": "POST /api/v1/stakeholders",
    "registry:stakeholder_edit": "PATCH /api/v1/stakeholders/{stakeholder_id}",
}

EXEMPT: dict[str, str] = {}
