"""`python -m gt_watch` runs the command line, exactly like the `gt-watch` script."""

from gt_watch.cli import main

main()
