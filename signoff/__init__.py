"""Sign-off: the append-only, hash-chained ledger of approvals bound to a document's bytes, and the sign-off pack."""
