"""Who may do what in a space.

Reading follows ``visible_to`` of each model (``models.py``); writing — starting a
thread, posting, reacting, uploading — belongs to the current members of the space's
body. The coordinator reads everything, opens a thread to a wider audience and connects a
space to a messenger; they write where they sit on the body, like anyone else.
"""

from typing import Any

import rules

from zemlyaki.core.visibility import can_see

from .access import is_body_member, is_coordinator_user
from .models import File, Post, Space, Thread


def _space(obj: Any) -> Space | None:
    if isinstance(obj, Space):
        return obj
    if isinstance(obj, Thread | File):
        return obj.space
    if isinstance(obj, Post):
        return obj.thread.space
    return None


@rules.predicate
def is_space_member(user: Any, obj: Any) -> bool:
    space = _space(obj)
    return space is not None and is_body_member(user, space.body_id)


@rules.predicate
def sees(user: Any, obj: Any) -> bool:
    return obj is not None and can_see(user, obj)


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return is_coordinator_user(user)


@rules.predicate
def is_author(user: Any, obj: Any) -> bool:
    return isinstance(obj, Post) and obj.author_id is not None and obj.author_id == user.pk


rules.add_perm("workspace.view_space", sees)
rules.add_perm("workspace.view_thread", sees)
rules.add_perm("workspace.view_file", sees)
signed_in = rules.is_authenticated
rules.add_perm("workspace.create_thread", signed_in & is_space_member)
rules.add_perm("workspace.add_post", signed_in & is_space_member)
rules.add_perm("workspace.react_post", signed_in & is_space_member)
rules.add_perm("workspace.change_post", signed_in & is_author & is_space_member)
rules.add_perm("workspace.upload_file", signed_in & is_space_member)
rules.add_perm("workspace.open_thread", is_coordinator | (signed_in & is_space_member))
rules.add_perm("workspace.manage_connection", is_coordinator)
rules.add_perm("workspace.list_spaces", rules.is_authenticated)
