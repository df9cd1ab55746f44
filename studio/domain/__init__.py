"""Business rules with no Qt and no SQL."""
