"""`python -m goftar`: see goftar.cli."""

from goftar.cli import main

raise SystemExit(main())
