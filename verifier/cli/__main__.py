"""`python -m verifier.cli`: the same as the `verifier` console script."""

from verifier.cli import main

if __name__ == "__main__":  # not when a spawned worker process imports the parent's main module
    main()
