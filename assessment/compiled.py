"""A scheme's tallying step compiled into one straight-line Python function.

Scoring runs on every form save and in bulk, and an interpreted loop over the
plan spends most of its time on the loop itself. As fastjsonschema does for
JSON schemas, the plan is turned once into source code with every criterion
unrolled and every weight, threshold and id a constant, then compiled. Ids are
validated (letters, digits, '_' and '-') and are embedded with repr(), so the
source cannot be injected into. The function does exactly what the plan says;
the property and golden tests check it against the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import compress
from typing import Any

from assessment.errors import AnswerProblem
from assessment.plan import IndicatorPlan
from assessment.plan import Plan

# (percents, weighted per section, total_x, indicator values, met flags, met ids, earned)
Tallied = tuple[
    tuple[Any, ...], tuple[int, ...], int, tuple[Any, ...], tuple[bool, ...], set[str], int
]
Tally = Callable[[Callable[[str], Any], list[str], list[AnswerProblem]], Tallied]


def _criterion_lines(plan: Plan, names: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for i, criterion in enumerate(plan.criteria):
        names[f"V{i}"] = criterion.values
        names[f"S{i}"] = f"must be one of {criterion.steps}, not "
        cid = repr(criterion.id)
        lines += [
            f"    p{i} = get({cid})",
            f"    if p{i} is None:",
            f"        unanswered.append({cid})",
            # An exact class check: bool is an int subclass, but True is no maturity step.
            f"    elif p{i}.__class__ is not int or p{i} not in V{i}:",
            f"        problems.append(AnswerProblem({cid}, S{i} + repr(p{i})))",
            f"        p{i} = None",
        ]
    start = 0
    for s, section in enumerate(plan.sections):
        terms = [f"{c.weight} * (p{start + k} or 0)" for k, c in enumerate(section.criteria)] or [
            "0"
        ]
        lines.append(f"    w{s} = {' + '.join(terms)}")
        start += len(section.criteria)
    return lines


def _fast_test(k: int, indicator: IndicatorPlan, names: dict[str, Any]) -> tuple[str, str]:
    """(condition under which the answer needs no further check, expression for met)."""
    fast = indicator.fast
    if fast.kind == "boolean":
        return f"r{k} is True or r{k} is False", f"r{k} is {fast.expected!r}"
    if fast.kind == "choice":
        names[f"O{k}"], names[f"A{k}"] = fast.options, fast.accepted
        return f"r{k}.__class__ is str and r{k} in O{k}", f"r{k} in A{k}"
    names[f"L{k}"], names[f"H{k}"] = fast.low, fast.high
    if fast.at_least is not None:
        names[f"T{k}"] = fast.at_least
        met = f"r{k} >= T{k}"
    else:
        names[f"T{k}"] = fast.at_most
        met = f"r{k} <= T{k}"
    # Answers of the right type within the bounds need nothing more; others take the full
    # check (which also names what is wrong). A Decimal must be finite: NaN cannot compare.
    if fast.integer:
        return f"r{k}.__class__ is int and L{k} <= r{k} <= H{k}", met
    return (
        f"(r{k}.__class__ is int or (r{k}.__class__ is Decimal and r{k}.is_finite()))"
        f" and L{k} <= r{k} <= H{k}",
        met,
    )


def _indicator_lines(plan: Plan, names: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for k, indicator in enumerate(plan.indicators):
        names[f"C{k}"] = indicator.check
        iid = repr(indicator.id)
        condition, met = _fast_test(k, indicator, names)
        lines += [
            f"    r{k} = get({iid})",
            f"    if r{k} is None:",
            f"        unanswered.append({iid})",
            f"        m{k} = False",
            f"    elif {condition}:",
            f"        m{k} = {met}",
            "    else:",
            f"        r{k}, m{k}, problem = C{k}(r{k})",
            "        if problem:",
            f"            problems.append(AnswerProblem({iid}, problem))",
            f"            m{k} = False",
        ]
    return lines


def compile_tally(plan: Plan) -> Tally:
    """The plan's tally as a compiled function of (get, unanswered, problems)."""
    names: dict[str, Any] = {
        "AnswerProblem": AnswerProblem,
        "Decimal": Decimal,
        "compress": compress,
    }
    body = _criterion_lines(plan, names) + _indicator_lines(plan, names)
    n_criteria, n_sections, n_indicators = (
        len(plan.criteria),
        len(plan.sections),
        len(plan.indicators),
    )
    ids = tuple(indicator.id for indicator in plan.indicators)
    names["IDS"] = ids
    total = " + ".join(f"w{s} * {section.points}" for s, section in enumerate(plan.sections)) or "0"
    earned = (
        " + ".join(f"({i.points} if m{k} else 0)" for k, i in enumerate(plan.indicators)) or "0"
    )
    flags = "".join(f"m{k}, " for k in range(n_indicators))
    body += [
        f"    met = ({flags})",
        "    return (",
        f"        ({''.join(f'p{i}, ' for i in range(n_criteria))}),",
        f"        ({''.join(f'w{s}, ' for s in range(n_sections))}),",
        f"        {total},",
        f"        ({''.join(f'r{k}, ' for k in range(n_indicators))}),",
        "        met,",
        "        set(compress(IDS, met)),",
        f"        {earned},",
        "    )",
    ]
    source = "def tally(get, unanswered, problems):\n" + "\n".join(body) + "\n"
    code = compile(source, f"<tally {plan.criteria[0].id if plan.criteria else ''}>", "exec")
    exec(code, names)  # noqa: S102 (our own generated source, see the module docstring)
    function: Tally = names["tally"]
    return function
