"""The generator: drafts contracts, NDAs, pledges and a contract's later papers from requests and the clause library."""
