"""`python -m verifier.cli`: the same as the `verifier` console script."""

from verifier.cli import main

main()
