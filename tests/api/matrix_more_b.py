"""Rows of the role × operation matrix for operations added later (part b): their recipes,
path segments and the extra objects of the world they need. Read like matrix_recipes.py;
``extend(w)`` adds objects to the world after it is built."""

from typing import Any

from tests.api.matrix_recipes import R, World  # noqa: F401

SEGMENTS: dict[str, Any] = {}
RECIPES: dict[str, R] = {}


def extend(w: World) -> None:
    """Objects these rows need beyond the common world."""
