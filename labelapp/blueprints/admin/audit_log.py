"""The audit log, newest first, filtered by action, actor or object."""

from __future__ import annotations

from flask import render_template
from flask import request
from sqlalchemy import func
from sqlalchemy import select

from labelapp.blueprints.admin import bp
from labelapp.db import db_session
from labelapp.models import AuditEvent
from labelapp.models import Role
from labelapp.web.access import role_required

PAGE_SIZE = 50


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit_log() -> str:
    """Events with their chain hashes; `labelapp audit verify` checks the chain."""
    action = request.args.get("action", "").strip()
    who = request.args.get("actor", "").strip()
    object_ref = request.args.get("object", "").strip()
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 1_000_000)
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    if who:
        query = query.where(func.lower(AuditEvent.actor_label).contains(who.lower()))
    if object_ref:
        kind, _, ident = object_ref.partition(":")
        query = query.where(AuditEvent.object_type == kind)
        if ident:
            query = query.where(AuditEvent.object_id == ident)
    total = db_session().scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(page, max(1, -(-total // PAGE_SIZE)))
    events = (
        db_session()
        .scalars(
            query.order_by(AuditEvent.sequence.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        )
        .all()
    )
    return render_template(
        "admin/audit.html",
        events=events,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        action=action,
        who=who,
        object_ref=object_ref,
    )
