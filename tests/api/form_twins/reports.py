"""Report archive and lexicon pages and their API twins."""

TWINS = {
    "report_upload": "POST /api/v1/reports",
    "batch_upload": "POST /api/v1/reports/batches",
    "reanalyse_all": "POST /api/v1/reports/reanalyse",
    "report_reanalyse": "POST /api/v1/reports/{report_id}/restart",
    "report_delete": "DELETE /api/v1/reports/{report_id}",
    "finding_review": "POST /api/v1/findings/{finding_id}/review",
    "lexicon": "POST /api/v1/lexicon",
    "lexicon_entry_edit": "PUT /api/v1/lexicon/{entry_id}",
    "lexicon_entry_delete": "DELETE /api/v1/lexicon/{entry_id}",
}

EXEMPT: dict[str, str] = {}
