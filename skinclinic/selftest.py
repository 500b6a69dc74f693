"""`skinclinic self-test`: the installed (or frozen) app checks itself end to end.

Every step runs against a throw-away data home, never the user's: create and migrate a case log,
verify and load the vision pack, import and analyze a bundled sample photo, verify (assembling
it first) the base GGUF, generate a few tokens, write and verify an audit event, and write and
read back an encrypted case log and photo in a home of their own. The first failing step stops
the run and is reported with a one-line reason; later steps are skipped, since each needs what
the previous ones built. Qt-free, so it runs without a display.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skinclinic.errors import SkinClinicError
from skinclinic.paths import AppPaths, app_paths

if TYPE_CHECKING:
    from skinclinic.bootstrap import Services
    from skinclinic.services.analyze import VisionModels

SAMPLE_PHOTO = ("assets", "samples", "ISIC_0031023.jpg")
PROMPT = "The skin is the largest organ of the human body. It"
MAX_TOKENS = 8


class SelfTestFailure(SkinClinicError):
    """A self-test step found something wrong (the message says what)."""


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str = ""  # what the step measured, or why it failed

    def line(self) -> str:
        status = "ok" if self.ok else "FAIL"
        text = f"{status:<4} {self.name} ({self.seconds:.2f} s)"
        return f"{text}: {self.detail}" if self.detail else text


@dataclass
class _Run:
    """What the steps hand to each other."""

    paths: AppPaths
    stack: ExitStack
    services: Services | None = None
    models: VisionModels | None = None
    case_id: int | None = None
    gguf: Path | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def need_services(self) -> Services:
        if self.services is None:
            raise SelfTestFailure("The case log is not open.")
        return self.services


def _open_caselog(run: _Run) -> str:
    from skinclinic.bootstrap import open_services

    run.services = run.stack.enter_context(open_services(run.paths))
    if run.services.repository.verify_audit_chain() is not None:
        raise SelfTestFailure("A freshly created case log has a broken audit chain.")
    return str(run.paths.caselog)


def _load_vision(run: _Run) -> str:
    from skinclinic.services.analyze import VisionModels
    from skinclinic.settings import load_settings

    settings = load_settings(run.paths.settings)
    run.models = VisionModels(settings.vision_pack, threads=settings.threads)
    model = run.models.get()  # verifies every file against the manifest, then warms up
    return f"{model.pack.pack_id}, {len(model.pack.label_codes)} classes"


def _analyze_sample(run: _Run) -> str:
    from skinclinic.core.domain import Modality
    from skinclinic.core.intake import ImportRequest, import_photos, run_to_completion
    from skinclinic.resources import find_data
    from skinclinic.services.analyze import analyze_case

    services = run.need_services()
    sample = find_data(*SAMPLE_PHOTO)
    imported = run_to_completion(
        import_photos(
            ImportRequest(files=(sample,), modality=Modality.DERMOSCOPIC, actor="self-test"),
            repository=services.repository,
            store=services.store,
            prepare=services.prepare_photo,
        )
    )
    if imported.case is None or not imported.photos:
        reason = imported.failures[0].reason if imported.failures else "nothing was imported"
        raise SelfTestFailure(f"The sample photo {sample} could not be imported: {reason}")
    if run.models is None:
        raise SelfTestFailure("The vision model is not loaded.")
    run.case_id = imported.case.id
    analysis = run_to_completion(
        analyze_case(
            imported.case.id, services=services, models=run.models, tta=False, actor="self-test"
        )
    )
    if not analysis.probabilities:
        raise SelfTestFailure("The analysis of the sample photo gave no differential.")
    top, p = max(analysis.probabilities.items(), key=lambda kv: float(kv[1]))
    return f"{sample.name}: top {top} {float(p):.2f}"


def _ensure_gguf(run: _Run) -> str:
    from skinclinic.inference.gguf_pack import ensure_base_gguf

    run.gguf = ensure_base_gguf(run.paths)
    return f"{run.gguf.name}, {run.gguf.stat().st_size / 1e6:.0f} MB, sha256 ok"


def _generate(run: _Run) -> str:
    from skinclinic.inference.llm import LanguageModel, TextSegment

    model = LanguageModel.base(run.paths, n_ctx=256, n_batch=64)
    run.stack.callback(model.close)  # also avoids a TypeError from Llama.__del__ at exit
    model.load()
    pieces: list[str] = []
    work = model.generate([TextSegment(PROMPT)], max_tokens=MAX_TOKENS)
    while True:
        try:
            pieces.append(next(work))
        except StopIteration as stop:
            stats = stop.value
            break
    model.close()
    if stats.generated_tokens < 1:
        raise SelfTestFailure("The language model generated no token.")
    text = "".join(pieces).strip().replace("\n", " ")
    return f"{stats.generated_tokens} tokens: {text[:40]!r}"


def _audit(run: _Run) -> str:
    repository = run.need_services().repository
    repository.record_event(
        actor="self-test",
        action="self_test",
        entity="app",
        entity_id="self-test",
        new={"case_id": run.case_id},
    )
    broken = repository.verify_audit_chain()
    if broken is not None:
        raise SelfTestFailure(f"The audit chain breaks at event {broken}.")
    return f"{len(repository.list_audit())} events, chain verified"


def _backup_and_restore(run: _Run) -> str:
    """A backup of the self-test's home, restored into a second home, reads the same."""
    from skinclinic.bootstrap import open_services
    from skinclinic.caselog.restore import restore
    from skinclinic.services.backup import make_backup

    services = run.need_services()
    report = make_backup(services, run.paths.home / "backup", actor="self-test")
    if report.integrity != "ok" or report.photos_missing:
        raise SelfTestFailure(f"The backup is incomplete: {report}.")
    restored = app_paths(run.paths.home / "restored")
    restore(restored, report.dest)
    with open_services(restored) as copy:
        cases = [c.id for c in copy.repository.list_cases()]
        if cases != [c.id for c in services.repository.list_cases()]:
            raise SelfTestFailure("The restored case log does not hold the backed-up cases.")
        for case_id in cases:
            for photo in copy.repository.get_case_detail(case_id).photos:
                if not copy.store.verify(photo.stored_path, photo.sha256):
                    raise SelfTestFailure(f"Photo {photo.id} did not come back from the backup.")
    return f"{report.photos_copied} photo(s) backed up, restored and verified"


def _encryption(run: _Run) -> str:
    """An encrypted home of its own: proves SQLCipher and AES-GCM are in this installation."""
    import secrets

    from skinclinic.bootstrap import open_services
    from skinclinic.caselog import encryption
    from skinclinic.caselog.engine import is_clear_sqlite
    from skinclinic.imaging.intake import prepare_import
    from skinclinic.resources import find_data

    home = run.paths.home / "encrypted"
    encryption.create_keyfile(home, secrets.token_urlsafe(24))
    try:
        photo = prepare_import(find_data(*SAMPLE_PHOTO))
        with open_services(app_paths(home)) as services:
            patient = services.repository.get_or_create_patient("P-SELFTEST", actor="self-test")
            services.repository.create_case(patient.id, "unspecified", "", actor="self-test")
            stored = services.store.put(photo)
            if services.store.read(stored.relative_path) != photo.data:
                raise SelfTestFailure("An encrypted photo did not read back unchanged.")
        if is_clear_sqlite(app_paths(home).caselog):
            raise SelfTestFailure("The encrypted case log was written in clear.")
    finally:
        encryption.forget(home)
    return "SQLCipher case log and AES-GCM photo written and read back"


Step = tuple[str, Callable[[_Run], str]]

VISION_STEPS: tuple[Step, ...] = (
    ("create and migrate case log", _open_caselog),
    ("verify and load vision pack", _load_vision),
    ("import and analyze sample photo", _analyze_sample),
)
LLM_STEPS: tuple[Step, ...] = (
    ("verify base language model", _ensure_gguf),
    ("generate tokens", _generate),
)
AUDIT_STEPS: tuple[Step, ...] = (
    ("write and verify audit event", _audit),
    ("back up and restore", _backup_and_restore),
    ("encrypted case log and photo", _encryption),
)


def _reason(err: BaseException) -> str:
    if isinstance(err, SkinClinicError):
        return str(err)
    text = str(err).strip().splitlines()
    return f"{err.__class__.__name__}: {text[0] if text else ''}".rstrip(": ")


def run_self_test(home: Path | None = None, *, skip_llm: bool = False) -> Iterator[StepResult]:
    """Run the steps in a temporary data home (or `home`), yielding one result per step.

    Stops after the first failing step. `home` must not be a user's real data home: the test
    writes a case, an analysis and audit events into it.
    """
    steps = VISION_STEPS + (() if skip_llm else LLM_STEPS) + AUDIT_STEPS
    with ExitStack() as stack:
        if home is None:
            home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="skinclinic-st-")))
        run = _Run(paths=app_paths(home), stack=stack)
        for name, step in steps:
            started = time.perf_counter()
            try:
                detail = step(run)
            except Exception as err:  # every failure is reported as this step's, in one line
                yield StepResult(name, False, time.perf_counter() - started, _reason(err))
                return
            yield StepResult(name, True, time.perf_counter() - started, detail)


def main(*, skip_llm: bool = False, out: Callable[[str], Any] = print) -> int:
    """Print a line per step; 0 when every step passed, 1 otherwise."""
    started = time.perf_counter()
    results = []
    for result in run_self_test(skip_llm=skip_llm):
        out(result.line())
        results.append(result)
    total = time.perf_counter() - started
    failed = [r for r in results if not r.ok]
    if failed:
        out(f"self-test FAILED at step '{failed[0].name}' ({total:.2f} s)")
        return 1
    out(f"self-test passed: {len(results)} steps ({total:.2f} s)")
    return 0
