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


def _ok(description: str, schema: str, media_type: str = "application/json") -> dict[str, Any]:
    return {
        "description": description,
        "headers": {
            "ETag": {
                "description": "Strong validator of this answer",
                "schema": {"type": "string"},
            },
            "Cache-Control": {"schema": {"type": "string"}},
        },
        "content": {media_type: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
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


_NUMBER_PARAMETER = {
    "name": "number",
    "in": "path",
    "required": True,
    "description": "The certificate number, e.g. CEL-2026-00042-A "
    "(any case; spaces and dashes are forgiven)",
    "schema": {"type": "string"},
}
_KEY_UNAVAILABLE = _error("The issuer key cannot be read or cannot sign right now.")

# Open Badges 3.0 (decision 35): the credential is a compact JWS, the keys are JWKs.
_CREDENTIAL = {
    "type": "string",
    "description": "An OpenBadgeCredential signed in the JSON Web Token proof format "
    "of Open Badges 3.0: its payload is the credential with the claims iss, jti, sub, "
    "nbf and exp; its header names the key (kid, a URL of this API) and carries it (jwk)",
    "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
}
_PRIVATE_MEMBERS = dict.fromkeys(["d", "p", "q", "dp", "dq", "qi", "oth"], False)
_JWK = {
    "type": "object",
    "description": "A public JSON Web Key (RFC 7517) named by its RFC 7638 thumbprint",
    "required": ["kty", "kid", "alg", "use"],
    "properties": {
        "kty": {"type": "string", "enum": ["EC", "RSA", "OKP"]},
        "kid": {"type": "string"},
        "alg": {"type": "string", "enum": ["ES256", "ES384", "ES512", "RS256", "EdDSA"]},
        "use": {"const": "sig"},
        **_PRIVATE_MEMBERS,
    },
}
_JWK_SET = {
    "type": "object",
    "additionalProperties": False,
    "required": ["keys"],
    "properties": {
        "keys": {
            "type": "array",
            "minItems": 1,
            "description": "The current key first, then keys of earlier issuer certificates",
            "items": {"$ref": "#/components/schemas/JsonWebKey"},
        }
    },
}
_ISSUER = {
    "type": "object",
    "description": "The issuer as an Open Badges 3.0 Profile",
    "required": ["@context", "id", "type", "name", "url"],
    "properties": {
        "@context": {"type": "array", "items": {"type": "string"}},
        "id": URL,
        "type": {"type": "array", "contains": {"const": "Profile"}},
        "name": {"type": "string"},
        "url": URL,
        "verificationMethod": {
            "type": "array",
            "description": "The issuer's public keys, the current one first",
            "items": {
                "type": "object",
                "required": ["id", "type", "controller", "publicKeyJwk"],
                "properties": {
                    "id": {**URL, "description": "Where the key is answered (a kid)"},
                    "type": {"const": "JsonWebKey"},
                    "controller": URL,
                    "publicKeyJwk": {"$ref": "#/components/schemas/JsonWebKey"},
                },
            },
        },
    },
}
_REVOCATION_LIST = {
    "type": "object",
    "description": "The 1EdTech Revocation List Status Method's list: every credential "
    "not to be trusted any more (revoked, suspended while it is, superseded by a newer "
    "label). Expired credentials are not listed; their validUntil says so",
    "additionalProperties": False,
    "required": ["id", "issuer", "revokedCredentials"],
    "properties": {
        "id": URL,
        "issuer": URL,
        "revokedCredentials": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "revoked", "revocationReason"],
                "properties": {
                    "id": {**URL, "description": "The credential's id"},
                    "revoked": {"const": True},
                    "revocationReason": {
                        "type": "string",
                        "description": "revoked, suspended or superseded, then the public "
                        "reason or the newer certificate's number",
                    },
                },
            },
        },
    },
}


# A level id or scheme key as the registry reads it (any case).
_CODE = {"type": "string", "pattern": "^([A-Za-z0-9][A-Za-z0-9_.-]{0,63})?$"}


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
                    "parameters": [_NUMBER_PARAMETER],
                    "responses": {
                        "200": _ok("The certificate", "Certificate"),
                        "400": _error("Not a certificate number (or a wrong check letter)."),
                        "404": _error("No certificate with this number was issued."),
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/certificates/{number}/credential": {
                "get": {
                    "operationId": "getCredential",
                    "summary": "The certificate as an Open Badges 3.0 credential",
                    "parameters": [_NUMBER_PARAMETER],
                    "responses": {
                        "200": _ok("The signed credential", "Credential", "text/plain"),
                        "400": _error("Not a certificate number (or a wrong check letter)."),
                        "404": _error("No certificate with this number was issued."),
                        "503": _KEY_UNAVAILABLE,
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/credentials/revocations": {
                "get": {
                    "operationId": "getRevocationList",
                    "summary": "Credentials no longer to be trusted (every credential's status)",
                    "responses": {
                        "200": _ok("The revocation list", "RevocationList"),
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/issuer": {
                "get": {
                    "operationId": "getIssuer",
                    "summary": "The issuer's Open Badges profile, with its public keys",
                    "responses": {
                        "200": _ok("The issuer", "IssuerProfile"),
                        "503": _KEY_UNAVAILABLE,
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/issuer/keys": {
                "get": {
                    "operationId": "getIssuerKeys",
                    "summary": "The issuer's public keys (a JSON Web Key Set)",
                    "responses": {
                        "200": _ok("The keys", "JsonWebKeySet", "application/jwk-set+json"),
                        "503": _KEY_UNAVAILABLE,
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/issuer/keys/{kid}": {
                "get": {
                    "operationId": "getIssuerKey",
                    "summary": "One public key of the issuer, as a credential's kid names it",
                    "parameters": [
                        {
                            "name": "kid",
                            "in": "path",
                            "required": True,
                            "description": "The key's RFC 7638 thumbprint",
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": _ok("The key", "JsonWebKey", "application/jwk+json"),
                        "404": _error("The issuer has no key with this id."),
                        "503": _KEY_UNAVAILABLE,
                        **_COMMON_ERRORS,
                    },
                }
            },
            "/registry": {
                "get": {
                    "operationId": "searchRegistry",
                    "summary": "The labelled organisations, paged and filtered",
                    "parameters": [
                        _query(
                            "q",
                            "Words of the organisation's name (the first 200 characters count)",
                            {"type": "string"},
                        ),
                        _query(
                            "country",
                            "ISO 3166-1 alpha-2 code, any case",
                            {"type": "string", "pattern": "^([A-Za-z]{2})?$"},
                        ),
                        _query("level", "A level id, e.g. gold", _CODE),
                        _query("scheme", "A scheme key", _CODE),
                        _query(
                            "page",
                            "Page number",
                            {"type": "integer", "minimum": 1, "maximum": 999_999},
                        ),
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
                "Credential": _CREDENTIAL,
                "IssuerProfile": _ISSUER,
                "JsonWebKey": _JWK,
                "JsonWebKeySet": _JWK_SET,
                "RevocationList": _REVOCATION_LIST,
            }
        },
    }
