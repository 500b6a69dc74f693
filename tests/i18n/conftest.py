"""The GUI fixtures of tests/gui (real main window, dangling-worker guard) for the i18n tests."""

from tests.gui.conftest import (  # noqa: F401  (pytest finds fixtures by name)
    _delete_widgets_before_exit,
    _no_dangling_workers,
    pipeline,
    window,
)
