"""What the suites share about accounts."""

# The password of every user the `make_user` fixture makes unless told otherwise.
PASSWORD = "a-long-passphrase"
