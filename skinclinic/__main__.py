from skinclinic.cli import main

raise SystemExit(main())
