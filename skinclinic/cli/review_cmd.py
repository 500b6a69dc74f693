"""`skinclinic users | review | sign | audit`: accounts, the doctor's sign-off, the audit trail."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from skinclinic.cli.common import format_table, to_jsonable
from skinclinic.cli.signin import (
    PasswordSource,
    add_actor_arguments,
    password_source,
    review_services,
    sign_in,
)
from skinclinic.errors import SkinClinicError, StorageError
from skinclinic.review.roles import Role, User
from skinclinic.review.signing import SignatureMeaning


def register(commands: argparse._SubParsersAction[Any]) -> None:
    users = commands.add_parser("users", help="manage local user accounts")
    verbs = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = verbs.add_parser("add", help="add a user (the very first user must be the admin)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="printed name, as on a signature")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.STAFF.value)
    add_actor_arguments(add, required=False)
    add.set_defaults(handler=run_users_add)
    lst = verbs.add_parser("list", help="list users")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=run_users_list)
    dis = verbs.add_parser("disable", help="disable a user (their records stay)")
    dis.add_argument("username")
    add_actor_arguments(dis)
    dis.set_defaults(handler=run_users_disable)

    rev = commands.add_parser("review", help="mark a case's latest draft as reviewed (doctor)")
    rev.add_argument("case_id", type=int, metavar="CASE")
    rev.add_argument("--note", default="")
    rev.add_argument("--reject", metavar="REASON", help="reject the draft instead, with a reason")
    add_actor_arguments(rev)
    rev.set_defaults(handler=run_review)

    sign = commands.add_parser("sign", help="sign a case's reviewed draft (doctor)")
    sign.add_argument("case_id", type=int, metavar="CASE")
    sign.add_argument("--meaning", choices=[m.value for m in SignatureMeaning], required=True)
    add_actor_arguments(sign)
    sign.set_defaults(handler=run_sign)

    audit = commands.add_parser("audit", help="verify or export the audit trail")
    audit_verbs = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_verbs.add_parser("verify", help="check the hash chain and every signature")
    verify.add_argument(
        "--anchor",
        metavar="ID:HASH",
        help="an earlier run's printed head: fail if that event is gone or changed (truncation)",
    )
    verify.set_defaults(handler=run_audit_verify)
    export = audit_verbs.add_parser("export", help="write the audit trail as JSON lines (admin)")
    export.add_argument("file", type=Path, metavar="FILE")
    add_actor_arguments(export)
    export.set_defaults(handler=run_audit_export)


def run_users_add(args: argparse.Namespace) -> int:
    ask = password_source(args)
    with review_services() as (_services, service):
        if service.needs_first_admin():
            if args.role != Role.ADMIN.value:
                raise SkinClinicError(
                    "No admin exists yet: create the admin first "
                    "(skinclinic users add NAME --name 'PRINTED NAME' --role admin)."
                )
            password = _new_password(ask, args.username)
            user = service.create_first_admin(args.username, args.name, password)
        else:
            if not args.actor:
                raise SkinClinicError("Adding a user needs an admin: add --as ADMIN_USERNAME.")
            admin, _ = sign_in(service, args, ask)
            password = _new_password(ask, args.username)
            user = service.add_user(admin, args.username, args.name, Role(args.role), password)
    print(f"user {user.username} ({user.role.value}) added")
    return 0


def _new_password(ask: PasswordSource, username: str) -> str:
    first = ask(f"New password for {username}: ")
    if ask(f"Repeat the password for {username}: ") != first:
        raise SkinClinicError("The two passwords differ; nothing was changed.")
    return first


def run_users_list(args: argparse.Namespace) -> int:
    with review_services() as (_services, service):
        users = service.list_users()
    if args.json:
        print(json.dumps(to_jsonable([_user_row(u) for u in users]), indent=2))
        return 0
    rows = [
        [u.username, u.printed_name, u.role.value, "disabled" if u.disabled else ""] for u in users
    ]
    print(format_table(["USERNAME", "NAME", "ROLE", ""], rows) if rows else "no users yet")
    return 0


def _user_row(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "printed_name": user.printed_name,
        "role": user.role.value,
        "disabled": user.disabled,
    }


def run_users_disable(args: argparse.Namespace) -> int:
    with review_services() as (_services, service):
        admin, _ = sign_in(service, args, password_source(args))
        service.disable_user(admin, args.username)
    print(f"user {args.username} disabled")
    return 0


def run_review(args: argparse.Namespace) -> int:
    with review_services() as (_services, service):
        doctor, _ = sign_in(service, args, password_source(args))
        if args.reject:
            service.reject(args.case_id, doctor, args.reject)
            print(f"case {args.case_id}: draft rejected ({args.reject})")
        else:
            service.review(args.case_id, doctor, args.note)
            print(f"case {args.case_id}: draft reviewed by {doctor.printed_name}")
    return 0


def run_sign(args: argparse.Namespace) -> int:
    with review_services() as (_services, service):
        doctor, password = sign_in(service, args, password_source(args))
        signature = service.sign(args.case_id, doctor, password, SignatureMeaning(args.meaning))
    print(
        f"case {args.case_id} signed by {signature.printed_name} ({signature.meaning}) at "
        f"{signature.signed_at.isoformat()}; record sha256 {signature.record_sha256}"
    )
    return 0


def run_audit_verify(args: argparse.Namespace) -> int:
    from skinclinic.bootstrap import open_services
    from skinclinic.services.integrity import AuditAnchor, check_integrity

    try:
        anchor = AuditAnchor.parse(args.anchor) if args.anchor else None
    except ValueError as err:
        print(f"skinclinic: {err}", file=sys.stderr)
        return 2
    with open_services() as services:
        report = check_integrity(services, anchor)
    for problem in report.problems:
        print(f"skinclinic: {problem}", file=sys.stderr)
    if report.problems:
        return 1
    print(f"audit trail ok: {report.events} events, hash chain intact, every signature verifies")
    if anchor is not None:
        print(f"anchored event {anchor.event_id} is present and unchanged")
    if report.head is not None:
        head = report.head
        print(f"head: {head}  (keep it off this machine; later: audit verify --anchor {head})")
    return 0


def run_audit_export(args: argparse.Namespace) -> int:
    from skinclinic.review.roles import Permission, require

    with review_services() as (services, service):
        admin, _ = sign_in(service, args, password_source(args))
        require(admin, Permission.EXPORT_AUDIT)
        events = services.repository.list_audit()
        lines = "".join(json.dumps(to_jsonable(e), sort_keys=True) + "\n" for e in events)
        try:
            args.file.write_text(lines, encoding="utf-8")
        except OSError as err:
            raise StorageError(f"Cannot write {args.file} ({err.strerror or err}).") from err
        services.repository.record_event(
            actor=admin.id,
            action="export",
            entity="audit",
            entity_id="all",
            new={"file": str(args.file), "events": len(events)},
        )
    print(f"{len(events)} audit events written to {args.file}")
    return 0
