"""E-mail: what the outbox's messages are written from and sent through (decision 33)."""
