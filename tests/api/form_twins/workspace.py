"""Space pages (discussions, files, messenger, mail settings) and their API twins."""

TWINS = {
    "space_open": "POST /api/v1/spaces/open",
    "thread_create": "POST /api/v1/spaces/{space_id}/threads",
    "files": (
        "POST /api/v1/spaces/{space_id}/files",  # upload
        "POST /api/v1/spaces/{space_id}/folders",  # new folder
    ),
    "connection": "PUT /api/v1/spaces/{space_id}/connection",
    "thread": "POST /api/v1/threads/{thread_id}/posts",
    "thread_audience": "PATCH /api/v1/threads/{thread_id}",
    "post_edit": "PATCH /api/v1/posts/{post_id}",
    "post_react": "POST /api/v1/posts/{post_id}/reactions",
    "file": "POST /api/v1/files/{file_id}/versions",
    "file_link": "POST /api/v1/files/{file_id}/links",
    "version_restore": "POST /api/v1/versions/{version_id}/restore",
    "notify_settings": "PUT /api/v1/me/notifications",
}

EXEMPT = {
    "unsubscribe": (
        "Личная ссылка отписки из письма для человека, который может и не входить на сайт: "
        "ключ — сама ссылка, а не токен API. Вошедший меняет то же через "
        "PUT /api/v1/me/notifications (mode=off), тем же сервисом notify_mode_set."
    ),
}
