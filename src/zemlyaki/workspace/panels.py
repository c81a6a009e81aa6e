"""The discussions shown on another app's object page (``core.registries.object_panels``)."""

from typing import Any

from django.urls import reverse

from zemlyaki.core.registries import linkables

from . import selectors


def discussions_panel(request: Any, obj: Any) -> dict[str, Any] | None:
    label = selectors.target_label(obj)
    if label not in linkables:
        return None
    user = request.user
    threads = list(selectors.threads_about(obj, user))
    files = list(selectors.files_about(obj, user))
    spaces = list(selectors.member_spaces(user))
    own_space, open_for = selectors.object_space(obj, user)
    if not threads and not spaces and not files and own_space is None:
        return None
    target = f"{label}:{obj.pk}"
    starts = [
        {"space": s, "url": reverse("workspace:thread_create", args=[s.pk]) + f"?target={target}"}
        for s in spaces
    ]
    return {
        "threads": threads,
        "starts": starts,
        "files": files,
        "own_space": own_space,
        "open_for": open_for,
        "target": target,
    }
