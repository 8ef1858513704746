"""The pure assessment domain: criteria, scoring, label decision and gap analysis.

This package never imports Flask, SQLAlchemy or labelapp; it depends only on the
standard library and PyYAML.
"""
