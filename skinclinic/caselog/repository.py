"""The case log's repository: every write is one BEGIN IMMEDIATE transaction together with its
audit events (or several writes in one, inside ``transaction()``); every read returns frozen
domain records from skinclinic.core.domain."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from skinclinic.caselog import audit, mapping
from skinclinic.caselog import search as search_filters
from skinclinic.caselog.coltypes import utc_now
from skinclinic.caselog.engine import explain, reader
from skinclinic.caselog.models import (
    AnalysisRow,
    AuditEventRow,
    CaseRow,
    DraftRow,
    PatientRow,
    PhotoRow,
    SignatureRow,
)
from skinclinic.core.domain import (
    Analysis,
    AuditEvent,
    Case,
    CaseDetail,
    CaseStatus,
    CaseSummary,
    Draft,
    Modality,
    Patient,
    Photo,
    PhotoSource,
    Sex,
    birth_year_bounds,
    can_transition,
)
from skinclinic.errors import InvalidTransition, NotFound

MAX_PAGE = 1000


class _OpenTransaction(threading.local):
    """This thread's session inside ``transaction()``; per thread because GUI workers share
    one repository."""

    session: Session | None = None


class CaseRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._reader = reader(engine)
        self._database = engine.url.database or "(in memory)"
        self._fts: bool | None = None  # whether the FTS5 search index exists, found on first use
        self._open = _OpenTransaction()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run several writes as one BEGIN IMMEDIATE transaction: all of them land or none does
        (a new case and its first photo, so a kill or a full disk never leaves an empty case)."""
        if self._open.session is not None:
            yield  # already inside one: the outer transaction commits
            return
        with self._write() as session:
            self._open.session = session
            try:
                yield
            finally:
                self._open.session = None

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One BEGIN IMMEDIATE transaction: committed on success, rolled back on any error."""
        if self._open.session is not None:
            yield self._open.session
            return
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as err:
            raise explain(err, self._database) from err

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with Session(self._reader) as session, session.begin():
                yield session
        except OperationalError as err:
            raise explain(err, self._database) from err

    # -- patients and cases -------------------------------------------------------------------

    def get_or_create_patient(
        self,
        reference: str,
        birth_year: int | None = None,
        sex: Sex = Sex.UNKNOWN,
        fitzpatrick: int | None = None,
        *,
        actor: str,
    ) -> Patient:
        """The patient with this reference, created if new. An existing record keeps every
        value it has; a value it lacks (no year of birth, sex unknown, no Fitzpatrick type) is
        filled from the arguments, audited as an update."""
        reference = reference.strip()
        if not reference:
            raise ValueError("a patient reference must not be empty")
        _check_patient_values(birth_year, fitzpatrick)
        with self._write() as session:
            row = session.scalars(
                select(PatientRow).where(PatientRow.reference == reference)
            ).one_or_none()
            if row is None:
                row = PatientRow(
                    reference=reference,
                    birth_year=birth_year,
                    sex=Sex(sex).value,
                    fitzpatrick=fitzpatrick,
                    created_at=utc_now(),
                )
                session.add(row)
                session.flush()
                audit.append(
                    session,
                    actor=actor,
                    action="create",
                    entity="patient",
                    entity_id=row.id,
                    new=_patient_fields(row),
                )
            else:
                _complete_patient(session, row, birth_year, Sex(sex), fitzpatrick, actor)
            return mapping.patient(row)

    def correct_patient(
        self,
        patient_id: int,
        birth_year: int | None,
        sex: Sex,
        fitzpatrick: int | None,
        *,
        reason: str,
        actor: str,
    ) -> Patient:
        """Replace what is recorded about a patient (a wrong year of birth, sex or Fitzpatrick
        type; None or unknown clears it), audited as a correction with its reason. The
        reference is the patient's identity and does not change. Analyses already made keep
        the context they recorded."""
        if not reason.strip():
            raise ValueError("a correction needs a reason")
        _check_patient_values(birth_year, fitzpatrick)
        with self._write() as session:
            row = _get(session, PatientRow, patient_id, "patient")
            values = (birth_year, Sex(sex), fitzpatrick)
            _set_patient(session, row, values, "correct", actor, reason=reason.strip())
            return mapping.patient(row)

    def create_case(self, patient_id: int, body_site: str, history: str, *, actor: str) -> Case:
        with self._write() as session:
            patient = _get(session, PatientRow, patient_id, "patient")
            now = utc_now()
            row = CaseRow(
                patient_id=patient.id,
                body_site=body_site.strip(),
                history=history,
                status=CaseStatus.NEW.value,
                created_at=now,
                updated_at=now,
                photo_count=0,
                search_text=_search_text(patient.reference, body_site, history, None),
            )
            session.add(row)
            session.flush()
            audit.append(
                session,
                actor=actor,
                action="create",
                entity="case",
                entity_id=row.id,
                new={
                    "patient_id": row.patient_id,
                    "body_site": row.body_site,
                    "history": row.history,
                    "status": row.status,
                },
            )
            return mapping.case(row, patient.reference)

    def set_status(self, case_id: int, status: CaseStatus, *, actor: str) -> Case:
        with self._write() as session:
            row = _get(session, CaseRow, case_id, "case")
            _move(session, row, CaseStatus(status), actor=actor)
            return mapping.case(row, _reference(session, row.patient_id))

    # -- photos, analyses, drafts -------------------------------------------------------------

    def add_photo(
        self,
        case_id: int,
        sha256: str,
        stored_path: str,
        original_name: str,
        width: int,
        height: int,
        format: str,
        captured_at: datetime | None,
        source: PhotoSource,
        modality: Modality,
        *,
        actor: str,
    ) -> Photo:
        """Attach a stored photo to a case; the same sha256 twice in one case returns the first."""
        with self._write() as session:
            case = _get(session, CaseRow, case_id, "case")
            existing = session.scalars(
                select(PhotoRow).where(PhotoRow.case_id == case_id, PhotoRow.sha256 == sha256)
            ).one_or_none()
            if existing is not None:
                return mapping.photo(existing)
            row = PhotoRow(
                case_id=case_id,
                sha256=sha256,
                stored_path=stored_path,
                original_name=original_name,
                width=width,
                height=height,
                format=format,
                captured_at=captured_at,
                imported_at=utc_now(),
                source=PhotoSource(source).value,
                modality=Modality(modality).value,
            )
            session.add(row)
            case.photo_count += 1
            case.updated_at = row.imported_at
            session.flush()
            audit.append(
                session,
                actor=actor,
                action="add_photo",
                entity="photo",
                entity_id=row.id,
                new={
                    "case_id": case_id,
                    "sha256": sha256,
                    "stored_path": stored_path,
                    "original_name": original_name,
                    "width": width,
                    "height": height,
                    "format": format,
                    "captured_at": captured_at,
                    "source": row.source,
                    "modality": row.modality,
                },
            )
            return mapping.photo(row)

    def find_photo(self, sha256: str) -> Photo | None:
        """The first photo with this content anywhere in the log (for store-level dedupe)."""
        with self._read() as session:
            row = session.scalars(
                select(PhotoRow).where(PhotoRow.sha256 == sha256).order_by(PhotoRow.id).limit(1)
            ).one_or_none()
            return None if row is None else mapping.photo(row)

    def list_photos(self) -> list[Photo]:
        """Every photo record, oldest first (checks that walk the whole photo store)."""
        with self._read() as session:
            rows = session.scalars(select(PhotoRow).order_by(PhotoRow.id))
            return [mapping.photo(row) for row in rows]

    def add_analysis(
        self,
        case_id: int,
        photo_id: int,
        model_pack_id: str,
        model_hashes: Mapping[str, str],
        probabilities: Mapping[str, float],
        uncertainty: Mapping[str, Any],
        quality_flags: Sequence[str],
        findings: Mapping[str, Any],
        timings_ms: Mapping[str, float],
        *,
        actor: str,
    ) -> Analysis:
        """Record an analysis, refresh the case's top label, and move the case to ANALYZED."""
        with self._write() as session:
            case = _get(session, CaseRow, case_id, "case")
            photo = _get(session, PhotoRow, photo_id, "photo")
            if photo.case_id != case_id:
                raise NotFound(f"Photo {photo_id} does not belong to case {case_id}.")
            _check_move(case, CaseStatus.ANALYZED)
            row = AnalysisRow(
                case_id=case_id,
                photo_id=photo_id,
                model_pack_id=model_pack_id,
                model_hashes=dict(model_hashes),
                probabilities={k: float(v) for k, v in probabilities.items()},
                uncertainty=dict(uncertainty),
                quality_flags=list(quality_flags),
                findings=dict(findings),
                timings_ms={k: float(v) for k, v in timings_ms.items()},
                created_at=utc_now(),
            )
            session.add(row)
            session.flush()
            audit.append(
                session,
                actor=actor,
                action="add_analysis",
                entity="analysis",
                entity_id=row.id,
                new={
                    "case_id": case_id,
                    "photo_id": photo_id,
                    "model_pack_id": model_pack_id,
                    "model_hashes": row.model_hashes,
                    "probabilities": row.probabilities,
                    "uncertainty": row.uncertainty,
                    "quality_flags": row.quality_flags,
                },
            )
            _set_top_label(session, case, row, actor=actor)
            _move(session, case, CaseStatus.ANALYZED, actor=actor)
            return mapping.analysis(row)

    def add_draft(
        self,
        case_id: int,
        text: str,
        author: str,
        prompt_version: str = "",
        sampling: Mapping[str, Any] | None = None,
        model_ids: Mapping[str, Any] | None = None,
        analysis_id: int | None = None,
        *,
        actor: str,
    ) -> Draft:
        """Store the next draft version of a case's report and move the case to DRAFTED."""
        with self._write() as session:
            case = _get(session, CaseRow, case_id, "case")
            if analysis_id is not None:
                analysis = _get(session, AnalysisRow, analysis_id, "analysis")
                if analysis.case_id != case_id:
                    raise NotFound(f"Analysis {analysis_id} does not belong to case {case_id}.")
            _check_move(case, CaseStatus.DRAFTED)
            last = session.scalar(
                select(func.max(DraftRow.version)).where(DraftRow.case_id == case_id)
            )
            row = DraftRow(
                case_id=case_id,
                analysis_id=analysis_id,
                version=(last or 0) + 1,
                text=text,
                author=author,
                prompt_version=prompt_version,
                sampling=dict(sampling or {}),
                model_ids=dict(model_ids or {}),
                created_at=utc_now(),
            )
            session.add(row)
            session.flush()
            audit.append(
                session,
                actor=actor,
                action="add_draft",
                entity="draft",
                entity_id=row.id,
                new={
                    "case_id": case_id,
                    "analysis_id": analysis_id,
                    "version": row.version,
                    "text": text,
                    "author": author,
                    "prompt_version": prompt_version,
                    "sampling": row.sampling,
                    "model_ids": row.model_ids,
                },
            )
            _move(session, case, CaseStatus.DRAFTED, actor=actor)
            return mapping.draft(row)

    # -- reads ---------------------------------------------------------------------------------

    def get_case_detail(self, case_id: int) -> CaseDetail:
        with self._read() as session:
            case = _get(session, CaseRow, case_id, "case")
            patient = _get(session, PatientRow, case.patient_id, "patient")

            def rows(model: Any) -> Sequence[Any]:
                query = select(model).where(model.case_id == case_id).order_by(model.id)
                return session.scalars(query).all()

            return CaseDetail(
                case=mapping.case(case, patient.reference),
                patient=mapping.patient(patient),
                photos=tuple(mapping.photo(r) for r in rows(PhotoRow)),
                analyses=tuple(mapping.analysis(r) for r in rows(AnalysisRow)),
                drafts=tuple(mapping.draft(r) for r in rows(DraftRow)),
                signatures=tuple(mapping.signature(r) for r in rows(SignatureRow)),
            )

    def list_cases(
        self,
        status: CaseStatus | None = None,
        search: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[CaseSummary]:
        """Newest case first (by id, which only grows), filtered by status and/or text."""
        limit = max(0, min(limit, MAX_PAGE))
        term = search_filters.normalise(search)
        with self._read() as session:
            query = select(CaseRow, PatientRow.reference)
            if search_filters.uses_fts(term, self._has_fts(session)):
                assert term is not None
                fts = search_filters.FTS_TABLE
                # Driven from the index in rowid (= case id) order, so LIMIT stops early.
                query = (
                    query.select_from(fts)
                    .join(CaseRow, CaseRow.id == fts.c.rowid)
                    .where(search_filters.fts_match(term))
                    .order_by(fts.c.rowid.desc())
                )
            else:
                if term is not None:
                    query = query.where(search_filters.like_filter(term))
                query = query.order_by(CaseRow.id.desc())
            query = (
                query.join(PatientRow, PatientRow.id == CaseRow.patient_id)
                .where(*search_filters.status_filter(status))
                .limit(limit)
                .offset(max(0, offset))
            )
            return [mapping.summary(row, ref) for row, ref in session.execute(query)]

    def count_cases(self, status: CaseStatus | None = None, search: str | None = None) -> int:
        term = search_filters.normalise(search)
        with self._read() as session:
            query = select(func.count())
            if search_filters.uses_fts(term, self._has_fts(session)):
                assert term is not None
                fts = search_filters.FTS_TABLE
                query = query.select_from(fts).where(search_filters.fts_match(term))
                if status is not None:
                    query = query.join(CaseRow, CaseRow.id == fts.c.rowid)
            else:
                query = query.select_from(CaseRow)
                if term is not None:
                    query = query.where(search_filters.like_filter(term))
            query = query.where(*search_filters.status_filter(status))
            return int(session.scalar(query) or 0)

    def _has_fts(self, session: Session) -> bool:
        if self._fts is None:
            self._fts = search_filters.has_fts(session.connection())
        return self._fts

    # -- audit ---------------------------------------------------------------------------------

    def audit_head(self) -> AuditEvent | None:
        """The newest audit event: its id and hash anchor the trail outside the case log."""
        with self._read() as session:
            row = session.scalars(
                select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(1)
            ).one_or_none()
            return None if row is None else audit.to_domain(row)

    def list_audit(
        self,
        entity: str | None = None,
        entity_id: object | None = None,
        *,
        case_id: int | None = None,
        newest: int | None = None,
    ) -> list[AuditEvent]:
        """Audit events in trail order. ``case_id``: the case's own events and every event whose
        old or new values name it (photos, analyses, drafts, signatures, exports). ``newest``:
        only the last that many, so a years-long trail is not read whole for one screen."""
        query = select(AuditEventRow)
        if entity is not None:
            query = query.where(AuditEventRow.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEventRow.entity_id == str(entity_id))
        if case_id is not None:
            query = query.where(
                or_(
                    and_(AuditEventRow.entity == "case", AuditEventRow.entity_id == str(case_id)),
                    func.json_extract(AuditEventRow.old, "$.case_id") == case_id,
                    func.json_extract(AuditEventRow.new, "$.case_id") == case_id,
                )
            )
        query = query.order_by(AuditEventRow.id.desc()).limit(newest)
        with self._read() as session:
            return [audit.to_domain(row) for row in reversed(session.scalars(query).all())]

    def record_event(
        self,
        *,
        actor: str,
        action: str,
        entity: str,
        entity_id: object,
        old: Mapping[str, Any] | None = None,
        new: Mapping[str, Any] | None = None,
    ) -> None:
        """Audit an action that changes no case record itself (an export, a settings change)."""
        with self._write() as session:
            audit.append(
                session,
                actor=actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                old=old,
                new=new,
            )

    def verify_audit_chain(self) -> int | None:
        """The id of the first tampered audit event, or None when the whole chain verifies."""
        return self.walk_audit_chain().first_broken

    def walk_audit_chain(self, remember: int | None = None) -> audit.ChainWalk:
        """Verify the chain in one pass, also counting it and noting its head (and the hash of
        event ``remember``, for an anchor check)."""
        with self._reader.connect() as connection:
            return audit.walk_chain(connection, remember)


# -- helpers -----------------------------------------------------------------------------------


def _get(session: Session, model: Any, key: int, what: str) -> Any:
    row = session.get(model, key)
    if row is None:
        raise NotFound(f"There is no {what} with id {key} in the case log.")
    return row


def _reference(session: Session, patient_id: int) -> str:
    reference: str = _get(session, PatientRow, patient_id, "patient").reference
    return reference


def _check_move(case: CaseRow, target: CaseStatus) -> None:
    current = CaseStatus(case.status)
    if not can_transition(current, target):
        hint = (
            " (a signed case changes only through an amendment)"
            if current in {CaseStatus.SIGNED}
            else ""
        )
        raise InvalidTransition(
            f"Case {case.id} is {current.value} and cannot become {target.value}{hint}."
        )


def _move(session: Session, case: CaseRow, target: CaseStatus, *, actor: str) -> None:
    _check_move(case, target)
    old = case.status
    case.status = target.value
    case.updated_at = utc_now()
    if old != target.value:
        audit.append(
            session,
            actor=actor,
            action="set_status",
            entity="case",
            entity_id=case.id,
            old={"status": old},
            new={"status": target.value},
        )


def _set_top_label(session: Session, case: CaseRow, analysis: AnalysisRow, *, actor: str) -> None:
    before = {
        "top_label": case.top_label,
        "top_probability": case.top_probability,
        "uncertainty_verdict": case.uncertainty_verdict,
    }
    label, probability = max(
        analysis.probabilities.items(), key=lambda kv: kv[1], default=(None, None)
    )
    verdict = analysis.uncertainty.get("verdict")
    case.top_label = label
    case.top_probability = probability
    case.uncertainty_verdict = None if verdict is None else str(verdict)
    reference = _reference(session, case.patient_id)
    case.search_text = _search_text(reference, case.body_site, case.history, label)
    old, new = audit.changes(
        before,
        {
            "top_label": case.top_label,
            "top_probability": case.top_probability,
            "uncertainty_verdict": case.uncertainty_verdict,
        },
    )
    if new:
        audit.append(
            session,
            actor=actor,
            action="update",
            entity="case",
            entity_id=case.id,
            old=old,
            new=new,
        )


def _search_text(reference: str, body_site: str, history: str, top_label: str | None) -> str:
    return "\n".join([reference, body_site, history, top_label or ""]).casefold()


def _check_patient_values(birth_year: int | None, fitzpatrick: int | None) -> None:
    if fitzpatrick is not None and not 1 <= fitzpatrick <= 6:
        raise ValueError("the Fitzpatrick type must be 1-6 (I-VI)")
    first, last = birth_year_bounds()
    if birth_year is not None and not first <= birth_year <= last:
        raise ValueError(f"the year of birth must be {first}-{last}")


def _complete_patient(
    session: Session,
    row: PatientRow,
    birth_year: int | None,
    sex: Sex,
    fitzpatrick: int | None,
    actor: str,
) -> None:
    """Fill the values an existing patient record lacks; never overwrite a recorded one."""
    recorded_sex = Sex(row.sex)
    values = (
        birth_year if row.birth_year is None else row.birth_year,
        sex if recorded_sex is Sex.UNKNOWN else recorded_sex,
        fitzpatrick if row.fitzpatrick is None else row.fitzpatrick,
    )
    _set_patient(session, row, values, "update", actor)


def _set_patient(
    session: Session,
    row: PatientRow,
    values: tuple[int | None, Sex, int | None],
    action: str,
    actor: str,
    **note: str,
) -> None:
    """Set (year of birth, sex, Fitzpatrick type); audit the change, if any, under ``action``
    with ``note`` (e.g. the reason) beside the new values."""
    old = _patient_fields(row)
    row.birth_year, sex, row.fitzpatrick = values
    row.sex = sex.value
    new = _patient_fields(row)
    if new != old:
        session.flush()
        audit.append(
            session,
            actor=actor,
            action=action,
            entity="patient",
            entity_id=row.id,
            old=old,
            new={**new, **note},
        )


def _patient_fields(row: PatientRow) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "birth_year": row.birth_year,
        "sex": row.sex,
        "fitzpatrick": row.fitzpatrick,
    }
