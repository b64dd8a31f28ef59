from infra2arch.cli import main

raise SystemExit(main())
