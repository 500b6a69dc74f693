"""Import pydicom without its HTTP client.

`import pydicom` runs `pydicom.pixels.processing`, which imports `pydicom.data.download`, which
tries `import requests` (used only to fetch test files); importing requests pulls in urllib3,
which opens an IPv6 socket to probe the host. SkinClinic opens no sockets, so while pydicom is
first imported `requests` is made unimportable (`sys.modules[name] = None` makes `import`
raise ImportError); pydicom then falls back to its unused urllib path. The block is lifted at
once, so it cannot affect anything else.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType

_lock = threading.Lock()
_BLOCKED = ("requests",)


def import_pydicom() -> ModuleType:
    with _lock:
        if "pydicom" in sys.modules:
            return sys.modules["pydicom"]
        blocked = [name for name in _BLOCKED if name not in sys.modules]
        for name in blocked:
            sys.modules[name] = None  # type: ignore[assignment]
        try:
            import pydicom
        finally:
            for name in blocked:
                if sys.modules.get(name, ...) is None:
                    del sys.modules[name]
        return pydicom
