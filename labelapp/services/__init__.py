"""Services: every state change goes through here; they take the session and actor explicitly."""
