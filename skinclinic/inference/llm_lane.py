"""The one serial lane every model call goes through (Anki's single-worker executor).

llama.cpp contexts are not thread-safe and two concurrent generations would only halve each
other's speed on 2 cores, so the GUI and the CLI submit work here and never call a model directly.
A streamed call returns a `StreamHandle`: iterate it for the pieces, `cancel()` it from any thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_DONE = object()


class StreamHandle(Generic[T, R]):
    """Pieces of one streamed call, in order; the generator's return value via `result()`."""

    def __init__(self) -> None:
        self.cancel_event = threading.Event()
        self._pieces: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.future: Future[R] = Future()

    def cancel(self) -> None:
        """Ask the call to stop; it stops before its next decode and no further piece is handed
        out through this handle, even one already produced."""
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._pieces.get()
            if item is _DONE:
                break
            if not self.cancel_event.is_set():
                yield item
        self.future.result()  # re-raise the worker's error here, in the consumer's thread

    def result(self, timeout: float | None = None) -> R:
        return self.future.result(timeout)

    def _abandon(self) -> None:
        """The lane shut down before this call started: end the stream instead of hanging."""
        self.future.cancel()
        self._pieces.put(_DONE)

    def _run(self, make: Callable[[threading.Event], Generator[T, None, R]]) -> None:
        if not self.future.set_running_or_notify_cancel():
            self._pieces.put(_DONE)
            return
        try:
            stream = make(self.cancel_event)
            while True:
                try:
                    self._pieces.put(next(stream))
                except StopIteration as end:
                    self.future.set_result(end.value)
                    break
        except BaseException as err:  # hand every failure to the consumer, never lose "done"
            self.future.set_exception(err)
        finally:
            self._pieces.put(_DONE)


class ModelLane:
    """A single worker thread: calls run one at a time, in the order they were submitted."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-lane")

    def call(self, fn: Callable[[], R]) -> Future[R]:
        """Run a plain call (load, encode an image, score logits) on the lane."""
        return self._executor.submit(fn)

    def stream(
        self, make: Callable[[threading.Event], Generator[T, None, R]]
    ) -> StreamHandle[T, R]:
        """Run `make(cancel_event)` on the lane and stream what it yields.

        `make` is called on the lane thread, so even building the generator touches no model
        from the caller's thread; pass the event on as the generator's cancel flag.
        """
        handle: StreamHandle[T, R] = StreamHandle()
        job = self._executor.submit(handle._run, make)
        job.add_done_callback(lambda done: handle._abandon() if done.cancelled() else None)
        return handle

    def shutdown(self, wait: bool = True) -> None:
        self._executor.shutdown(wait=wait, cancel_futures=True)
