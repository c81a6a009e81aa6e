"""The questionnaires' pages that change data and their twins in the API. Answering — the
public link and the personal link, page by page on the site — is one operation in the API:
all answers at once (the personal link's token goes in the body)."""

TWINS: dict[str, str] = {
    "surveys:survey_create": "POST /api/v1/surveys",
    "surveys:survey_create_template": "POST /api/v1/survey-templates",
    "surveys:survey_edit": "PATCH /api/v1/surveys/{survey_id}",
    "surveys:survey_duplicate": "POST /api/v1/surveys/{survey_id}/duplicate",
    "surveys:survey_delete": "DELETE /api/v1/surveys/{survey_id}",
    "surveys:question_create": "POST /api/v1/surveys/{survey_id}/questions",
    "surveys:question_edit": "PATCH /api/v1/surveys/{survey_id}/questions/{question_id}",
    "surveys:question_delete": "DELETE /api/v1/surveys/{survey_id}/questions/{question_id}",
    "surveys:question_move": "POST /api/v1/surveys/{survey_id}/questions/{question_id}/move",
    "surveys:survey_invitations": "POST /api/v1/surveys/{survey_id}/invitations",
    "surveys:survey_remind": "POST /api/v1/surveys/{survey_id}/reminders",
    "surveys:change_decide": "POST /api/v1/profile-changes/{change_id}/decision",
    "surveys:answer_public": "POST /api/v1/surveys/{survey_id}/responses",
    "surveys:answer_personal": "POST /api/v1/surveys/{survey_id}/responses",
}

EXEMPT: dict[str, str] = {}
