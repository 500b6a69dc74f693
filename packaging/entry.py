"""PyInstaller's entry script: the frozen `skinclinic` executable is the launcher."""

from skinclinic.launcher import main

raise SystemExit(main())
