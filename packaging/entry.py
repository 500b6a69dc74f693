"""PyInstaller's entry script: the frozen `skinclinic` executable is the launcher.

`skinclinic --screenshots OUTDIR` renders every screen offscreen into OUTDIR (the frozen app has
no `python -m skinclinic.gui.screenshots`); it is how the build is checked to open its window.
"""

import sys

if sys.argv[1:2] == ["--screenshots"]:
    from skinclinic.gui.screenshots import main as screenshots_main

    raise SystemExit(screenshots_main(sys.argv[2:]))

from skinclinic.launcher import main

raise SystemExit(main())
