"""SkinClinic: local-first dermatology triage."""

import os

__version__ = "0.1.0"

# onnxruntime's telemetry client writes a device id and a database under ~/.cache/Microsoft
# when its native library loads, outside the data home; it reads this variable at load time.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
