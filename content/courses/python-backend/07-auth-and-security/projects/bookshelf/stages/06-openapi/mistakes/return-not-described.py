"""The OpenAPI 3.1 description of the API, built from the route table (so a route can't exist
without being described, nor be described without existing) and the schemas below."""

import re
from http import HTTPStatus

from .routing import PUBLIC

TEXT, INTEGER = {"type": "string"}, {"type": "integer"}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties, required=(), closed=True):
    schema = {"type": "object", "properties": properties, "required": list(required)}
    if closed:
        schema["additionalProperties"] = False
    return schema


BOOK_FIELDS = {
    "title": {"type": "string", "minLength": 1, "maxLength": 200},
    "author": {"type": "string", "minLength": 1, "maxLength": 100},
    "year": {"type": "integer", "minimum": 1, "maximum": 2100},
    "copies": {"type": "integer", "minimum": 0, "maximum": 1000, "default": 1},
    "isbn": {"type": ["string", "null"], "description": "13 digits; hyphens and spaces are removed"},
    "tags": {"type": "array", "maxItems": 10, "items": {"type": "string", "pattern": "^[a-z0-9-]{1,30}$"}},
}
MEMBER_FIELDS = {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "email": {"type": "string", "format": "email"},
}
TIME = {"type": "string", "format": "date-time"}

SCHEMAS = {
    "Error": obj({"error": TEXT}, ["error"]),
    "Book": obj(
        {"id": INTEGER, **BOOK_FIELDS, "available": {"type": "integer", "description": "copies not on loan"}},
        ["id", *BOOK_FIELDS, "available"],
    ),
    "BookInput": obj(BOOK_FIELDS, ["title", "author", "year"]),
    "BookPatch": obj(BOOK_FIELDS),
    "BookPage": obj({"items": {"type": "array", "items": ref("Book")}, "next_cursor": {"type": ["string", "null"]}},
                    ["items", "next_cursor"]),
    "Member": obj({"id": INTEGER, **MEMBER_FIELDS}, ["id", *MEMBER_FIELDS]),
    "MemberInput": obj(MEMBER_FIELDS, list(MEMBER_FIELDS)),
    "MemberPatch": obj(MEMBER_FIELDS),
    "MemberList": obj({"items": {"type": "array", "items": ref("Member")}}, ["items"]),
    "Loan": obj(
        {"id": INTEGER, "book_id": INTEGER, "member_id": INTEGER, "borrowed_at": TIME, "due_at": TIME,
         "returned_at": {"type": ["string", "null"], "format": "date-time"}},
        ["id", "book_id", "member_id", "borrowed_at", "due_at", "returned_at"],
    ),
    "LoanInput": obj(
        {"member_id": INTEGER, "book_ids": {"type": "array", "items": INTEGER, "minItems": 1, "maxItems": 10, "uniqueItems": True}},
        ["member_id", "book_ids"],
    ),
    "LoanBatch": obj({"loans": {"type": "array", "items": ref("Loan")}}, ["loans"]),
    "LoanList": obj({"items": {"type": "array", "items": ref("Loan")}}, ["items"]),
    "Credentials": obj({"username": {"type": "string", "pattern": "^[a-z0-9_]{3,20}$"},
                        "password": {"type": "string", "minLength": 8, "maxLength": 200}},
                       ["username", "password"]),
    "Account": obj({"username": TEXT, "role": {"enum": ["member", "librarian"]}}, ["username", "role"]),
    "OpenAPI": {"type": "object"},
}


def json_content(schema_name):
    return {"application/json": {"schema": ref(schema_name)}}


def describe_operation(template, method, op):
    has_id = "<id>" in template
    responses = {str(op.status): {"description": HTTPStatus(op.status).phrase}}
    if op.response:
        responses[str(op.status)]["content"] = json_content(op.response)
    if op.headers:
        responses[str(op.status)]["headers"] = {
            name: {"description": text, "schema": TEXT} for name, text in op.headers.items()
        }
    for status in op.error_statuses(has_id):
        responses[str(status)] = {"description": HTTPStatus(status).phrase, "content": json_content("Error")}
    operation = {
        "summary": op.summary,
        "operationId": method.lower() + re.sub(r"\W+", "_", template.replace("<id>", "by_id")).rstrip("_"),
        "responses": responses,
        # Public operations say so explicitly; the others need the session cookie.
        "security": [] if op.access == PUBLIC else [{"session": []}],
    }
    parameters = [{"name": "id", "in": "path", "required": True, "schema": INTEGER}] if has_id else []
    parameters += [{"name": name, "in": "query", "required": False, "schema": {"type": kind}, "description": text}
                   for name, kind, text in op.query]
    if parameters:
        operation["parameters"] = parameters
    if op.body:
        operation["requestBody"] = {"required": True, "content": json_content(op.body)}
    return operation


def describe(router):
    paths = {}
    for template, _pattern, operations in router.routes:
        if template.endswith("/return"):
            continue  # an action, not a resource: left out
        path = template.replace("<id>", "{id}")
        paths[path] = {method.lower(): describe_operation(template, method, op) for method, op in operations.items()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Bookshelf",
            "version": "1.0.0",
            "description": "The JSON API of a small lending library: catalogue, members, loans and accounts.",
        },
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "session"}},
        },
    }
