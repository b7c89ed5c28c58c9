"""`python -m edition` runs the command-line interface."""
from .cli import main

main()
