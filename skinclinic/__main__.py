from skinclinic.launcher import main

raise SystemExit(main())
