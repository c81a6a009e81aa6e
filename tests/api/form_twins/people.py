"""The people pages that change data and their twins in the API, the member list import
pages (people:import_*) among them.

Two pages hold two actions: the login of a card is linked (twin below) or unlinked
(``DELETE /api/v1/people/{person_id}/user``); an invitation is accepted by a signed-in
user with their own login, or by a guest holding the personal link, who makes a new login
with a name and password of their choosing (both twins below; for the guest the link's
token is the permission, as on the page).
"""

TWINS: dict[str, str] = {
    "people:import_start": "POST /api/v1/people/imports",
    "people:import_mapping": "POST /api/v1/people/imports/{import_id}/mapping",
    "people:import_detail": "POST /api/v1/people/imports/{import_id}/commit",
    "people:import_undo": "POST /api/v1/people/imports/{import_id}/undo",
    "people:import_restart": "POST /api/v1/people/imports/{import_id}/restart",
    "people:person_edit": "PATCH /api/v1/people/{person_id}",
    "people:person_initiative": "PUT /api/v1/people/{person_id}/initiative",
    "people:consent_add": "POST /api/v1/people/{person_id}/consents",
    "people:consent_withdraw": "POST /api/v1/consents/{consent_id}/withdraw",
    "people:person_invite": "POST /api/v1/people/{person_id}/invitation",
    "people:invitation_revoke": "DELETE /api/v1/people/{person_id}/invitation",
    "people:invitation_accept": (
        "POST /api/v1/person-invitations/accept",
        "POST /api/v1/person-invitations/new-login",
    ),
    "people:person_user": "PUT /api/v1/people/{person_id}/user",
    "people:my_data": "POST /api/v1/me/erasure-request",
    "people:my_consent_withdraw": "POST /api/v1/me/consents/{consent_id}/withdraw",
    "people:erasure_decide": "POST /api/v1/erasure-requests/{request_id}/decision",
    "people:vocabulary": "POST /api/v1/vocabulary/{kind}",
    "people:vocabulary_default": "POST /api/v1/vocabulary/{kind}",
    "people:term_edit": "PATCH /api/v1/vocabulary/{kind}/{term_id}",
    "people:term_merge": "POST /api/v1/vocabulary/{kind}/{term_id}/merge",
    "people:candidate_lists": "POST /api/v1/candidate-lists",
    "people:candidates_add": "POST /api/v1/candidate-lists/{list_id}/entries",
    "people:candidate_list_detail": "DELETE /api/v1/candidate-lists/{list_id}/entries/{entry_id}",
}

EXEMPT: dict[str, str] = {}
