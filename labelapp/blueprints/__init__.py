"""Blueprints, one per audience; they never import one another."""
