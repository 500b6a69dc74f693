"""The review service: users and sign-in (from Accounts) plus the doctor's workflow.

Workflow on the latest draft of a case: `review` (a doctor read it) -> `sign` (doctor only,
password re-entered, writes the Signature, moves the case to SIGNED and audits it in ONE
transaction) or `reject`; after signing, `amend` opens a new draft version (case AMENDED) and
the signed version stays readable and signed. `verify_signatures` re-checks every signature.

    with CaseLog.open(paths) as caselog:
        service = ReviewService.for_caselog(caselog)
        session = service.login("dr.ada", password)
        service.review(case_id, session.check())
        service.sign(case_id, session.check(), password, SignatureMeaning.APPROVAL)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session as OrmSession

from skinclinic.caselog import mapping
from skinclinic.caselog.models import AuditEventRow, CaseRow, DraftRow, SignatureRow
from skinclinic.core.domain import CaseStatus, Draft, Signature, can_transition
from skinclinic.errors import NotFound
from skinclinic.review.accounts import Accounts, HasEngine
from skinclinic.review.clock import Clock
from skinclinic.review.errors import ReviewError, SigningRefused
from skinclinic.review.lockout import LockoutPolicy
from skinclinic.review.models import DraftReviewRow
from skinclinic.review.records import DraftReview, ReviewOutcome
from skinclinic.review.roles import Permission, User, require
from skinclinic.review.session import DEFAULT_IDLE_TIMEOUT
from skinclinic.review.signing import SignatureMeaning, record_sha256, verify_signature

SIGNABLE = frozenset({CaseStatus.DRAFTED, CaseStatus.AMENDED})


class AIDisabled(ReviewError):
    """The AI is switched off in the settings; document the case by hand."""


class ReviewService(Accounts):
    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock | None = None,
        lockout: LockoutPolicy | None = None,
        idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT,
        ai_enabled: bool = True,
    ) -> None:
        super().__init__(engine, clock=clock, lockout=lockout, idle_timeout=idle_timeout)
        # The AI switch: the lead wires it to the settings; manual documentation always works.
        self.ai_enabled = ai_enabled

    @classmethod
    def for_caselog(cls, caselog: HasEngine, **options: Any) -> ReviewService:
        return cls(caselog.engine, **options)

    def require_ai(self) -> None:
        """Call before running a model; raises AIDisabled when the AI is switched off."""
        if not self.ai_enabled:
            raise AIDisabled("The AI is switched off; write the report by hand.")

    # -- workflow ------------------------------------------------------------------------------

    def review(self, case_id: int, user: User, note: str = "") -> DraftReview:
        """Record that a doctor reviewed the case's latest draft; signing needs this first."""
        return self._decide(case_id, user, ReviewOutcome.REVIEWED, note, action="review")

    def reject(self, case_id: int, user: User, reason: str) -> DraftReview:
        """Refuse the latest draft; it cannot be signed, and a new draft must be written."""
        if not reason.strip():
            raise ReviewError("A rejection needs a reason.")
        return self._decide(case_id, user, ReviewOutcome.REJECTED, reason.strip(), action="reject")

    def sign(
        self, case_id: int, user: User, password: str, meaning: SignatureMeaning | str
    ) -> Signature:
        """Sign the latest, reviewed draft. The password is asked again (re-authentication);
        a wrong one counts towards the lockout. Signature, status and audit: one transaction."""
        meaning = SignatureMeaning(meaning)
        with self._write() as db:
            signer = self._fresh(db, user)
            require(signer, Permission.SIGN)
            row, error = self._authenticate(db, signer.username, password, purpose="sign")
            signature = None if row is None else self._sign(db, case_id, row.to_domain(), meaning)
        if error is not None:
            raise error
        assert signature is not None
        return signature

    def amend(self, case_id: int, user: User, new_text: str, reason: str) -> Draft:
        """Correct a signed case: a new draft version (the signed one stays as it was) and the
        case moves SIGNED -> AMENDED; the new version needs its own review and signature."""
        if not reason.strip():
            raise ReviewError("An amendment needs a reason.")
        with self._write() as db:
            doctor = self._fresh(db, user)
            require(doctor, Permission.REVIEW)
            case = self._case(db, case_id)
            if CaseStatus(case.status) is not CaseStatus.SIGNED:
                raise SigningRefused(
                    f"Case {case_id} is {case.status}; only a signed case is amended "
                    "(edit an unsigned draft instead)."
                )
            previous = self._latest_draft(db, case_id)
            row = DraftRow(
                case_id=case_id,
                analysis_id=previous.analysis_id,
                version=previous.version + 1,
                text=new_text,
                author=doctor.id,
                prompt_version="",
                sampling={},
                model_ids={},
                created_at=self.clock.now(),
            )
            db.add(row)
            db.flush()
            self._set_status(db, case, CaseStatus.AMENDED)
            self._audit(
                db,
                doctor.id,
                "amend",
                row.id,
                {
                    "draft_id": previous.id,
                    "version": previous.version,
                    "text": previous.text,
                    "status": CaseStatus.SIGNED.value,
                },
                {
                    "draft_id": row.id,
                    "version": row.version,
                    "text": new_text,
                    "reason": reason.strip(),
                    "status": CaseStatus.AMENDED.value,
                    "case_id": case_id,
                },
                entity="draft",
            )
            return mapping.draft(row)

    # -- reads and verification ----------------------------------------------------------------

    def reviews(self, case_id: int) -> list[DraftReview]:
        query = select(DraftReviewRow).where(DraftReviewRow.case_id == case_id)
        with self._read() as db:
            return [r.to_domain() for r in db.scalars(query.order_by(DraftReviewRow.id))]

    def signatures(self, case_id: int) -> list[Signature]:
        query = select(SignatureRow).where(SignatureRow.case_id == case_id)
        with self._read() as db:
            return [mapping.signature(r) for r in db.scalars(query.order_by(SignatureRow.id))]

    def verify_signatures(self, case_id: int) -> list[str]:
        """Every problem with the case's signatures (empty when all hold): each signed draft is
        re-hashed, and each signature is compared with the audit event written when it was made,
        so editing a signed draft, a signature, or moving a signature to another draft shows."""
        problems: list[str] = []
        with self._read() as db:
            case = self._case(db, case_id)
            rows = db.scalars(
                select(SignatureRow)
                .where(SignatureRow.case_id == case_id)
                .order_by(SignatureRow.id)
            ).all()
            for row in rows:
                signature = mapping.signature(row)
                draft_row = db.get(DraftRow, row.draft_id)
                draft = None if draft_row is None else mapping.draft(draft_row)
                problems += verify_signature(signature, draft)
                problems += _against_audit(db, signature)
            if CaseStatus(case.status) is CaseStatus.SIGNED:
                latest = self._latest_draft(db, case_id)
                if not any(r.draft_id == latest.id for r in rows):
                    problems.append(
                        f"case {case_id} is signed but its latest draft {latest.id} "
                        "has no signature"
                    )
        return problems

    def verify_all_signatures(self) -> dict[int, list[str]]:
        """Problems per case, for every case that has a signature (empty dict: all hold)."""
        with self._read() as db:
            case_ids = db.scalars(select(SignatureRow.case_id).distinct()).all()
            signed = db.scalars(
                select(CaseRow.id).where(CaseRow.status == CaseStatus.SIGNED.value)
            ).all()
        found = {c: self.verify_signatures(c) for c in sorted({*case_ids, *signed})}
        return {case_id: problems for case_id, problems in found.items() if problems}

    # -- internals -----------------------------------------------------------------------------

    def _decide(
        self, case_id: int, user: User, outcome: ReviewOutcome, note: str, *, action: str
    ) -> DraftReview:
        with self._write() as db:
            doctor = self._fresh(db, user)
            require(doctor, Permission.REVIEW)
            case = self._case(db, case_id)
            if CaseStatus(case.status) not in SIGNABLE:
                raise SigningRefused(
                    f"Case {case_id} is {case.status}; only a drafted or amended case is reviewed."
                )
            draft = self._latest_draft(db, case_id)
            row = DraftReviewRow(
                case_id=case_id,
                draft_id=draft.id,
                reviewer=doctor.id,
                outcome=outcome.value,
                note=note,
                at=self.clock.now(),
            )
            db.add(row)
            db.flush()
            self._audit(
                db,
                doctor.id,
                action,
                draft.id,
                None,
                {
                    "case_id": case_id,
                    "draft_id": draft.id,
                    "version": draft.version,
                    "outcome": outcome.value,
                    "note": note,
                },
                entity="draft",
            )
            return row.to_domain()

    def _sign(
        self, db: OrmSession, case_id: int, signer: User, meaning: SignatureMeaning
    ) -> Signature:
        case = self._case(db, case_id)
        if CaseStatus(case.status) not in SIGNABLE:
            raise SigningRefused(
                f"Case {case_id} is {case.status}; only a drafted or amended case can be signed."
            )
        draft_row = self._latest_draft(db, case_id)
        last_review = db.scalars(
            select(DraftReviewRow)
            .where(DraftReviewRow.draft_id == draft_row.id)
            .order_by(DraftReviewRow.id.desc())
            .limit(1)
        ).first()
        if last_review is None or last_review.outcome != ReviewOutcome.REVIEWED.value:
            raise SigningRefused(
                f"Draft version {draft_row.version} of case {case_id} has not been reviewed"
                + (" (it was rejected)" if last_review is not None else "")
                + "; sign is allowed only on a reviewed draft."
            )
        draft = mapping.draft(draft_row)
        row = SignatureRow(
            case_id=case_id,
            draft_id=draft.id,
            signer=signer.id,
            printed_name=signer.printed_name,
            meaning=meaning.value,
            signed_at=self.clock.now(),
            record_sha256=record_sha256(draft),
        )
        db.add(row)
        db.flush()
        old_status = case.status
        self._set_status(db, case, CaseStatus.SIGNED)
        self._audit(
            db,
            signer.id,
            "sign",
            row.id,
            {"status": old_status},
            {**_signature_fields(mapping.signature(row)), "status": CaseStatus.SIGNED.value},
            entity="signature",
        )
        return mapping.signature(row)

    def _set_status(self, db: OrmSession, case: CaseRow, target: CaseStatus) -> None:
        if not can_transition(CaseStatus(case.status), target):
            raise SigningRefused(f"Case {case.id} is {case.status} and cannot become {target}.")
        case.status = target.value
        case.updated_at = self.clock.now()

    @staticmethod
    def _case(db: OrmSession, case_id: int) -> CaseRow:
        case = db.get(CaseRow, case_id)
        if case is None:
            raise NotFound(f"There is no case with id {case_id} in the case log.")
        return case

    @staticmethod
    def _latest_draft(db: OrmSession, case_id: int) -> DraftRow:
        draft = db.scalars(
            select(DraftRow)
            .where(DraftRow.case_id == case_id)
            .order_by(DraftRow.version.desc())
            .limit(1)
        ).first()
        if draft is None:
            raise SigningRefused(f"Case {case_id} has no draft to review or sign.")
        return draft


def _signature_fields(signature: Signature) -> dict[str, Any]:
    return {
        "case_id": signature.case_id,
        "draft_id": signature.draft_id,
        "signer": signature.signer,
        "printed_name": signature.printed_name,
        "meaning": signature.meaning,
        "signed_at": signature.signed_at,
        "record_sha256": signature.record_sha256,
    }


def _against_audit(db: OrmSession, signature: Signature) -> list[str]:
    """Compare a signature with the (hash-chained) audit event that recorded its creation."""
    event = db.scalars(
        select(AuditEventRow).where(
            AuditEventRow.action == "sign",
            AuditEventRow.entity == "signature",
            AuditEventRow.entity_id == str(signature.id),
        )
    ).first()
    label = f"signature {signature.id}"
    if event is None or event.new is None:
        return [f"{label}: no audit event records its creation"]
    recorded = _as_audited(_signature_fields(signature))
    changed = sorted(k for k, v in recorded.items() if event.new.get(k) != v)
    if changed:
        return [f"{label}: differs from the audit trail in {', '.join(changed)}"]
    return []


def _as_audited(fields: dict[str, Any]) -> dict[str, Any]:
    """The values as the audit trail stores them (datetimes as UTC ISO text)."""
    return {
        k: v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v
        for k, v in fields.items()
    }
