"""llama.cpp's own log lines, routed to Python logging instead of the terminal.

llama-cpp-python 0.3.x maps ggml's log levels with an old enum (it reads WARN as ERROR), so
with `verbose=False` warnings such as "lora ... cannot use buft 'CPU_REPACK'" still reach
stderr and the CLI's output. This callback keeps only real errors, as log records."""

from __future__ import annotations

import ctypes
import logging
from typing import Any

LOG = logging.getLogger("skinclinic.llama_cpp")
GGML_LOG_LEVEL_ERROR = 4  # ggml.h: NONE 0, DEBUG 1, INFO 2, WARN 3, ERROR 4, CONT 5
_installed: list[Any] = []  # keeps the ctypes callback alive for as long as llama.cpp may call it


def quiet_llama_logs() -> None:
    if _installed:
        return
    import llama_cpp

    @llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]
    def forward(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
        if level == GGML_LOG_LEVEL_ERROR:
            LOG.error("%s", text.decode("utf-8", "replace").rstrip())

    llama_cpp.llama_log_set(forward, ctypes.c_void_p(0))
    _installed.append(forward)
