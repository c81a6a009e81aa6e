"""Reads of the directions catalogue."""

from typing import Any

from django.db.models import QuerySet

from .models import Direction


def direction_list() -> QuerySet[Direction]:
    return Direction.objects.select_related("parent", "region").prefetch_related("sources")


def direction_tree() -> list[dict[str, Any]]:
    """The catalogue as nested nodes ``{"direction", "children"}``, roots first by order."""
    directions = list(direction_list().order_by("order", "name"))
    nodes: dict[int, dict[str, Any]] = {d.pk: {"direction": d, "children": []} for d in directions}
    roots: list[dict[str, Any]] = []
    for d in directions:
        parent = nodes.get(d.parent_id) if d.parent_id else None
        (parent["children"] if parent else roots).append(nodes[d.pk])
    return roots


def descendant_ids(direction: Direction) -> list[int]:
    """The direction and every direction below it."""
    pairs = list(Direction.objects.values_list("pk", "parent_id"))
    result, frontier = [direction.pk], [direction.pk]
    while frontier:
        frontier = [pk for pk, parent in pairs if parent in frontier]
        result.extend(frontier)
    return result
