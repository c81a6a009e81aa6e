"""The OpenAPI document lists each operation's refusals with the shared error shape."""

import collections
import typing

import pytest
from pydantic import BaseModel

ERROR = {"$ref": "#/components/schemas/ErrorOut"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield method.upper(), path, operation


def _schemes(operation):
    return {name for item in operation.get("security", []) for name in item}


def _error_schema(operation, code):
    return operation["responses"][str(code)]["content"]["application/json"]["schema"]


def test_error_shape_is_a_component(schema):
    components = schema["components"]["schemas"]
    assert components["ErrorOut"]["required"] == ["detail"]
    assert set(components["ErrorItem"]["properties"]) == {"loc", "field", "msg", "type"}


def test_every_operation_reading_a_token_documents_401(schema):
    checked = 0
    for method, path, operation in _operations(schema):
        if _schemes(operation):
            assert _error_schema(operation, 401) == ERROR, (method, path)
            checked += 1
    assert checked >= 40


def test_every_operation_requiring_a_token_documents_403(schema):
    checked = 0
    for method, path, operation in _operations(schema):
        if "TokenAuth" in _schemes(operation):
            assert _error_schema(operation, 403) == ERROR, (method, path)
            checked += 1
        else:
            assert "403" not in operation["responses"] or path.endswith("/responses")
    assert checked >= 30


def test_every_operation_with_a_path_id_documents_404(schema):
    checked = 0
    for method, path, operation in _operations(schema):
        if "{" in path:
            assert _error_schema(operation, 404) == ERROR, (method, path)
            checked += 1
    assert checked >= 25


def test_every_write_documents_422(schema):
    checked = 0
    for method, path, operation in _operations(schema):
        if method in {"POST", "PUT", "PATCH"}:
            assert _error_schema(operation, 422) == ERROR, (method, path)
            checked += 1
    assert checked >= 20


def test_paged_lists_document_422_and_their_bounds(schema):
    operation = schema["paths"]["/api/v1/associations"]["get"]
    assert _error_schema(operation, 422) == ERROR
    params = {p["name"]: p["schema"] for p in operation["parameters"]}
    assert (params["offset"]["minimum"], params["offset"]["maximum"]) == (0, 10_000_000)
    assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 500)


def test_conflicts_and_rate_limits_are_documented(schema):
    paths = schema["paths"]
    assert set(paths["/api/v1/sections/{pk}"]["put"]["responses"]) >= {"409", "422"}
    registrations = paths["/api/v1/events/{event_id}/registrations"]["post"]
    assert _error_schema(registrations, 409) == ERROR
    assert _error_schema(registrations, 429) == ERROR
    responses = paths["/api/v1/surveys/{survey_id}/responses"]["post"]
    assert _error_schema(responses, 429) == ERROR
    assert _error_schema(responses, 403) == ERROR


def test_public_reference_lists_document_only_wrong_paging(schema):
    assert set(schema["paths"]["/api/v1/regions"]["get"]["responses"]) == {"200", "422"}


def _resolve(schema, node, seen=None):
    """Every sub-schema of ``node``, following $ref into the components."""
    seen = set() if seen is None else seen
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref and ref not in seen:
            seen.add(ref)
            yield from _resolve(schema, schema["components"]["schemas"][ref.split("/")[-1]], seen)
        yield node
        for value in node.values():
            yield from _resolve(schema, value, seen)
    elif isinstance(node, list):
        for value in node:
            yield from _resolve(schema, value, seen)


def test_every_date_taken_by_the_api_is_bounded(schema):
    """Guards endpoints added later: a date or datetime input must use DateIn/DateTimeIn."""
    checked = []
    for method, path, operation in _operations(schema):
        inputs = [operation.get("parameters", []), operation.get("requestBody", {})]
        for node in _resolve(schema, inputs):
            if node.get("format") in ("date", "date-time"):
                assert node.get("x-year-range") == [1900, 2100], (method, path, node)
                checked.append((method, path))
    assert {("POST", "/api/v1/events"), ("POST", "/api/v1/plans/{plan_id}/tasks"),
            ("POST", "/api/v1/reports")} <= set(checked)  # fmt: skip


def test_every_id_in_a_path_and_every_page_is_bounded(schema):
    """Guards endpoints added later: ids and paging use Id, Limit and Offset (a year in a
    path uses Year)."""
    for method, path, operation in _operations(schema):
        for param in operation.get("parameters", []):
            if param["schema"].get("type") != "integer":
                continue
            if param["in"] == "path":
                bounds = (param["schema"].get("minimum"), param["schema"].get("maximum"))
                assert bounds in {(1, 2**63 - 1), (1900, 2100)}, (method, path, param)
            if param["name"] in ("limit", "offset"):
                assert "maximum" in param["schema"], (method, path, param)


def _schemas_of(annotation, seen):
    """Every schema class reachable from an annotation (nested fields, lists, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _schemas_of(field.annotation, seen)
        return
    for argument in typing.get_args(annotation):
        _schemas_of(argument, seen)


def test_no_two_schemas_share_a_name():
    """The document names each schema by its class name: two classes of one name would
    show one operation's body or answer as the other's."""
    from zemlyaki.api.api import api

    seen: set[type] = set()
    for bound_router in api._get_bound_routers():
        for view in bound_router.path_operations.values():
            for operation in view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    if isinstance(model, type):
                        _schemas_of(model, seen)
    ours = [model for model in seen if model.__module__.startswith("zemlyaki.")]
    by_name = collections.defaultdict(list)
    for model in ours:
        by_name[model.__name__].append(f"{model.__module__}.{model.__qualname__}")
    assert len(ours) >= 100
    assert {name: places for name, places in by_name.items() if len(places) > 1} == {}


def test_every_operation_reading_a_json_body_documents_400(schema):
    checked = 0
    for method, path, operation in _operations(schema):
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            assert _error_schema(operation, 400) == ERROR, (method, path)
            checked += 1
        else:
            assert "400" not in operation["responses"], (method, path)
    assert checked >= 40


def test_the_login_link_is_documented_with_its_own_body(schema):
    link = schema["paths"]["/api/v1/people/{person_id}/user"]["put"]["requestBody"]
    ref = link["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    assert schema["components"]["schemas"][ref]["required"] == ["username"]
