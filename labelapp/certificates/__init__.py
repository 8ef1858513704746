"""Certificates: numbering, the PDF (rendering and signing) and checking a PDF's signature.

The workflow around them (issuing, lifecycle, lookups) lives in
``labelapp.services.certificates``.
"""
