"""The one error type of the `verifier` package."""


class VerifierError(Exception):
    """Audit, check, table or replication could not run. Messages are written for users."""
