"""Criteria files and stored texts -> Scheme; canonical text and its SHA-256."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from assessment.errors import CriteriaError
from assessment.errors import Problem
from assessment.model import ChoiceAnswer
from assessment.model import Criterion
from assessment.model import Indicator
from assessment.model import LevelRule
from assessment.model import NumberAnswer
from assessment.model import ScaleStep
from assessment.model import Scheme
from assessment.validation import build_scheme

MAX_FILE_BYTES = 2 * 1024 * 1024


# libyaml's parser when PyYAML was built with it: about ten times faster.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """Safe YAML that refuses duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, list | dict):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be text", key_node.start_mark
            )
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, source: str) -> Any:
    """YAML text -> data.

    Raises:
        CriteriaError: the text is not YAML (the message gives line and column).
    """
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise CriteriaError(source, [Problem(where, f"not valid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise CriteriaError(source, [Problem("", f"not valid YAML: {exc}")]) from None


def parse_criteria(text: str, source: str = "<text>") -> Scheme:
    """Criteria text (YAML or canonical JSON) -> validated Scheme.

    Raises:
        CriteriaError: not YAML, not a mapping, or invalid anywhere.
    """
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise CriteriaError(
            source, [Problem("", f"larger than {MAX_FILE_BYTES // 1024 // 1024} MB")]
        )
    scheme = _PARSED.get(text)
    if scheme is not None:
        return scheme
    data = parse_yaml(text, source)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise CriteriaError(source, [Problem("", f"must be a mapping at the top, not {kind}")])
    scheme = build_scheme(data, source)
    if len(_PARSED) < _PARSED_LIMIT:
        _PARSED[text] = scheme
    return scheme


# Valid texts parsed once per process (a scheme is never changed once built): the
# bundled files are read by every `init` and every test that publishes them.
_PARSED: dict[str, Scheme] = {}
_PARSED_LIMIT = 16


def load_criteria(path: str | Path) -> Scheme:
    """Read and validate a criteria file.

    Raises:
        CriteriaError: unreadable, too large, not UTF-8, not YAML, or invalid.
    """
    return parse_criteria(read_text_file(Path(path)), str(path))


def read_text_file(file: Path) -> str:
    """A criteria or translation file's text, read with the limits every such file has.

    Raises:
        CriteriaError: unreadable, too large or not UTF-8.
    """
    source = str(file)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1024 // 1024
            raise CriteriaError(
                source, [Problem("", f"is {size:,} bytes; the limit is {limit} MB")]
            )
        return file.read_bytes().decode("utf-8")
    except OSError as exc:
        raise CriteriaError(source, [Problem("", f"cannot be read: {exc.strerror}")]) from None
    except UnicodeDecodeError as exc:
        raise CriteriaError(
            source, [Problem("", f"is not UTF-8 text (byte {exc.start})")]
        ) from None


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _steps(steps: tuple[ScaleStep, ...]) -> list[dict[str, Any]]:
    return [{"value": s.value, "label": s.label, "description": s.description} for s in steps]


def _criterion(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.id,
        "title": criterion.title,
        "guidance": criterion.guidance,
        "scale": criterion.scale_name or _steps(criterion.scale),
        "weight": criterion.weight,
        "evidence": criterion.evidence.value,
        "required": criterion.required,
        # Only when set: versions written before RADAR criteria keep their text, so their hash.
        **({"radar": True} if criterion.radar else {}),
    }


def _answer(indicator: Indicator) -> dict[str, Any]:
    answer = indicator.answer
    if isinstance(answer, NumberAnswer):
        return {
            "type": "number",
            "unit": answer.unit,
            "min": _number(answer.minimum),
            "max": _number(answer.maximum),
            "integer": answer.integer,
        }
    if isinstance(answer, ChoiceAnswer):
        return {
            "type": "choice",
            "options": [{"id": o.id, "label": o.label} for o in answer.options],
        }
    return {"type": "boolean"}


def _threshold(indicator: Indicator) -> dict[str, Any]:
    threshold = indicator.threshold
    if threshold.at_least is not None:
        return {"at_least": _number(threshold.at_least)}
    if threshold.at_most is not None:
        return {"at_most": _number(threshold.at_most)}
    if threshold.equals is not None:
        return {"equals": threshold.equals}
    return {"one_of": list(threshold.one_of or ())}


def canonical_data(scheme: Scheme) -> dict[str, Any]:
    """The scheme with every default filled in, as plain data."""
    return {
        "format": scheme.format,
        "scheme": scheme.key,
        "version": scheme.version,
        "title": scheme.title,
        "status": scheme.status,
        "description": scheme.description,
        "previous_version": scheme.previous_version or "",
        "changes": list(scheme.changes),
        "total_points": scheme.total_points,
        "indicator_points": scheme.indicator_points,
        "scales": {name: _steps(steps) for name, steps in scheme.scales.items()},
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "kind": section.kind.value,
                "points": section.points,
                "description": section.description,
                "criteria": [_criterion(criterion) for criterion in section.criteria],
            }
            for section in scheme.sections
        ],
        "indicator_areas": [{"id": a.id, "title": a.title} for a in scheme.indicator_areas],
        "indicators": [
            {
                "id": i.id,
                "area": i.area,
                "title": i.title,
                "guidance": i.guidance,
                "answer": _answer(i),
                "threshold": _threshold(i),
                "points": i.points,
                "knockout": i.knockout,
                "evidence": i.evidence.value,
                "required": i.required,
            }
            for i in scheme.indicators
        ],
        "levels": [
            {
                "id": level.id,
                "title": level.title,
                "min_total_points": level.min_total_points,
                "min_section_percent": dict(sorted(level.min_section_percent.items())),
                "min_indicators_met": level.min_indicators_met,
                "min_indicator_points_percent": level.min_indicator_points_percent,
                "required_indicators": list(level.required_indicators),
                "validity_months": level.validity_months,
                "assessors_required": level.assessors_required,
                **_path_rules(level),
            }
            for level in scheme.levels
        ],
    }


def _path_rules(level: LevelRule) -> dict[str, Any]:
    """The path rules a level asks for, and only those: a version written before they
    existed keeps its canonical text, so its hash, unchanged."""
    rules: dict[str, Any] = {}
    if level.benchmark:
        rules["benchmark"] = True
    if level.previous_level is not None:
        rules["previous_level"] = {
            "level": level.previous_level.level,
            "min_months": level.previous_level.min_months,
            "max_months": level.previous_level.max_months,
        }
    if level.improvement_areas:
        rules["improvement_areas"] = level.improvement_areas
    if level.assessors_from_different_countries:
        rules["assessors_from_different_countries"] = True
    if level.renewal_grace_months is not None:
        rules["renewal_grace_months"] = level.renewal_grace_months
    return rules


def canonical_json(data: Any) -> str:
    """The one JSON text for this data: sorted keys, no spaces, UTF-8 characters kept."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def canonical_text(scheme: Scheme) -> str:
    """The canonical serialisation of a scheme; its hash identifies the version's content.

    Kept for the schemes parsed once (``parse_criteria``): the entry holds the scheme,
    so its id names it for as long as the entry lives.
    """
    found = _CANONICAL.get(id(scheme))
    if found is not None and found[0] is scheme:
        return found[1]
    text = canonical_json(canonical_data(scheme))
    if len(_CANONICAL) < _PARSED_LIMIT:
        _CANONICAL[id(scheme)] = (scheme, text)
    return text


_CANONICAL: dict[int, tuple[Scheme, str]] = {}


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_STORED: dict[str, Scheme] = {}
_STORED_LIMIT = 64


def load_stored(text: str, expected_sha256: str, source: str) -> Scheme:
    """A stored canonical text, refused unless it still matches its recorded hash.

    The text is hashed at every call; schemes are kept by hash, so a text that
    matches its hash is parsed once per process (stored texts are canonical JSON).

    Raises:
        CriteriaError: the text was altered (hash mismatch) or is invalid.
    """
    actual = sha256_hex(text)
    if actual != expected_sha256:
        raise CriteriaError(
            source,
            [
                Problem(
                    "",
                    f"stored text has SHA-256 {actual}, not the recorded {expected_sha256}; "
                    "it was altered and will not be used",
                )
            ],
        )
    scheme = _STORED.get(actual)
    if scheme is None:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CriteriaError(source, [Problem("", f"not canonical JSON: {exc}")]) from None
        if not isinstance(data, dict):
            raise CriteriaError(source, [Problem("", "must be a mapping at the top")])
        scheme = build_scheme(data, source)
        if len(_STORED) >= _STORED_LIMIT:
            _STORED.pop(next(iter(_STORED)), None)
        _STORED[actual] = scheme
    return scheme
