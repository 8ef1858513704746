"""The OpenAPI 3.1 description of the public API (``/api/v1``), kept beside the views
it describes; the suite checks every API response it gets against it, and every API
route against its paths, so the two cannot drift apart (decision 34)."""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from labelapp.languages import LANGUAGES
from labelapp.models import PublicStatus
from labelapp.services.registry import MAX_PAGE_SIZE

VERSION = "1.0.0"
DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
URL = {"type": "string", "format": "uri"}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {
            "ETag": {
                "description": "Strong validator of this answer",
                "schema": {"type": "string"},
            },
            "Cache-Control": {"schema": {"type": "string"}},
        },
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


_COMMON_ERRORS = {
    "304": {"description": "Not modified: the answer for the If-None-Match sent still holds."},
    "405": _error("Only GET (and HEAD) are allowed."),
    "414": _error("The address (path and query) is longer than 4,096 characters."),
    "429": _error(
        "Too many lookups from this address; the Retry-After header says when to try again."
    ),
}

_CERTIFICATE_PROPERTIES: dict[str, Any] = {
    "number": {
        "type": "string",
        "description": "Prefix, year, sequence and ISO 7064 check letter",
        "pattern": "^[A-Z]{2,8}-[0-9]{4}-[0-9]{5,}-[A-Z]$",
    },
    "status": {
        "type": "string",
        "enum": [status.value for status in PublicStatus],
        "description": "What the public sees today",
    },
    "level": {"type": "string"},
    "level_title": {"type": "string"},
    "organisation": {
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "country"],
        "properties": {
            "name": {"type": "string"},
            "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        },
    },
    "scheme": {"type": "string"},
    "scheme_title": {"type": "string"},
    "criteria_version": {"type": "string"},
    "assessed_on": {
        **NULLABLE_DATE,
        "description": "First day of the assessment; null on labels issued before it was recorded",
    },
    "issued_on": DATE,
    "valid_until": DATE,
    "status_reason": {"type": ["string", "null"]},
    "status_changed_on": NULLABLE_DATE,
    "superseded_by": {"type": ["string", "null"]},
    "pdf_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "verification_url": URL,
    "pdf_url": URL,
    "language": {"type": "string", "enum": sorted(LANGUAGES)},
    "pdf_urls": {
        "type": "object",
        "description": "The certificate's PDF in each language it can be had in",
        "propertyNames": {"enum": sorted(LANGUAGES)},
        "additionalProperties": URL,
    },
}
# Every key is always there (null where it has no value): clients need not guess.
_CERTIFICATE = {
    "type": "object",
    "additionalProperties": False,
    "required": list(_CERTIFICATE_PROPERTIES),
    "properties": _CERTIFICATE_PROPERTIES,
}

_REGISTRY_PAGE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["items", "page", "per_page", "total", "pages", "next", "previous"],
    "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Certificate"}},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        "total": {"type": "integer", "minimum": 0},
        "pages": {"type": "integer", "minimum": 0},
        "next": {"type": ["string", "null"], "description": "Path of the next page"},
        "previous": {"type": ["string", "null"], "description": "Path of the previous page"},
    },
}

_ERROR = {
    "type": "object",
    "additionalProperties": False,
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "additionalProperties": False,
            "required": ["status", "title", "message"],
            "properties": {
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "title": {"type": "string"},
                "message": {"type": "string"},
            },
        }
    },
}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


@functools.cache
def fingerprint() -> str:
    """A digest of the document, for its ETag: it changes whenever the document does."""
    text = json.dumps(document(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI document (the same for every request: links are relative)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Cluster Excellence Label — public API",
            "version": VERSION,
            "description": "Read-only lookups of the label's certificates and registry. "
            "No authentication; answers carry a strong ETag (send If-None-Match for a 304) "
            "and every lookup counts against one budget per client address.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/certificates/{number}": {
                "get": {
                    "operationId": "getCertificate",
                    "summary": "One certificate and its status today",
                    "parameters": [
                        {
                            "name": "number",
                            "in": "path",
                            "required": True,
                            "description": "The certificate number, e.g. CEL-2026-00042-A "
                            "(any case; spaces and dashes are forgiven)",
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": _ok("The certificate", "Certificate"),
                        "400": _error("Not a certificate number (or a wrong check letter)."),
                        "404": _error("No certificate with this number was issued."),
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/registry": {
                "get": {
                    "operationId": "searchRegistry",
                    "summary": "The labelled organisations, paged and filtered",
                    "parameters": [
                        _query("q", "Words of the organisation's name", {"type": "string"}),
                        _query("country", "ISO 3166-1 alpha-2 code", {"type": "string"}),
                        _query("level", "A level id, e.g. gold", {"type": "string"}),
                        _query("scheme", "A scheme key", {"type": "string"}),
                        _query("page", "Page number", {"type": "integer", "minimum": 1}),
                        _query(
                            "per_page",
                            "Rows per page",
                            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                        ),
                    ],
                    "responses": {
                        "200": _ok("One page of the registry", "RegistryPage"),
                        "400": _error("A parameter is out of range or malformed."),
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.1 document",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        **_COMMON_ERRORS,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Certificate": _CERTIFICATE,
                "RegistryPage": _REGISTRY_PAGE,
                "Error": _ERROR,
            }
        },
    }
