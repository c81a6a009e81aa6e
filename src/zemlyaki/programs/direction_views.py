"""Pages of the directions catalogue: the tree and a direction with its potential.

They live in ``programs`` because a direction's page shows programs, people and events,
which the low ``directions`` app may not read."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from zemlyaki.core.views_utils import require_perm
from zemlyaki.directions import selectors as directions

from .potential import direction_potential


def direction_tree(request: HttpRequest) -> HttpResponse:
    require_perm(request, "directions.view_direction")
    return render(request, "programs/direction_tree.html", {"tree": directions.direction_tree()})


def direction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    direction = get_object_or_404(directions.direction_list(), pk=pk)
    require_perm(request, "directions.view_direction", direction)
    return render(
        request,
        "programs/direction_detail.html",
        {"direction": direction, "potential": direction_potential(direction)},
    )
