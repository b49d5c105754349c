"""The answers every API operation may give besides its own, written into `/api/schema/`.

drf-spectacular documents each view's success answer; the errors come from what all views share
(authentication, permissions, throttles, the body-size cap, paging, the database's busy answer), so
they are added here, once, by a post-processing hook, where an operation does not document them
itself:

- 400 for an operation that takes query parameters or a body: ``{"field": ["message", ...]}``, or
  ``{"detail": "message"}`` for a body that does not parse;
- 401 for every operation (a wrong token or password is refused even where anyone may read), 403 for a
  write or a read that needs a permission;
- 404 for an operation with an id or a date in its path, or a ``page`` to ask for;
- 413 for a body above ``API_MAX_BODY_SIZE``, 429 for any operation (request rates, wrong passwords),
  503 for a write while the database is busy.

Every error body but a 400's is ``{"detail": "message"}`` (see `watchb.api.errors`).
"""

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": 'Each field at fault and its messages, e.g. {"rating": ["Ensure this value is ..."]}',
    "additionalProperties": {"type": ["array", "object"]},
}
COMPONENTS = {"ErrorDetail": DETAIL, "FieldErrors": FIELD_ERRORS}

DESCRIPTIONS = {
    "400": "The parameters or the body are not valid; each field at fault is named.",
    "401": "Not signed in, or wrong credentials.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, day or page.",
    "413": "The request body is too large.",
    "429": "Too many requests or wrong passwords; see Retry-After.",
    "503": "The database is busy with other writes; see Retry-After.",
}
UNSAFE = {"post", "put", "patch", "delete"}
METHODS = UNSAFE | {"get", "head", "options"}


def error_codes(path: str, method: str, operation: dict) -> list[str]:
    """The error statuses `operation` (`method` on `path`) may answer with."""
    parameters = operation.get("parameters", [])
    codes = ["401", "429"]
    # A path's id that is no id is a 404 (DRF's get_object); a bad query parameter or body is a 400.
    if any(p["in"] != "path" for p in parameters) or "requestBody" in operation:
        codes.append("400")
    if method in UNSAFE or {} not in operation.get("security", [{}]):
        codes.append("403")
    if "{" in path or any(p["name"] == "page" for p in parameters):
        codes.append("404")
    if "requestBody" in operation:
        codes.append("413")
    if method in UNSAFE:
        codes.append("503")
    return sorted(codes)


def reference(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def error_response(code: str) -> dict:
    body = reference("ErrorDetail")
    if code == "400":
        body = {"anyOf": [reference("FieldErrors"), body]}
    return {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": body}}}


def document_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: adds the shared error answers to each operation."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code in error_codes(path, method, operation):
                responses.setdefault(code, error_response(code))
    return result
