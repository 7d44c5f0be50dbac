"""``python -m coursekit.scenarios DIR`` (``make figures``): the demos' PNG files into DIR."""

from coursekit.scenarios.figures import main

raise SystemExit(main())
