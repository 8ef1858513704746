"""Web plumbing shared by every blueprint: errors, security headers, template helpers."""
