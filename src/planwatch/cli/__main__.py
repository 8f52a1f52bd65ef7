"""`python -m planwatch.cli`."""

from planwatch.cli import main

main()
