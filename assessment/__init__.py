"""The pure assessment domain: criteria, scoring, label decision and gap analysis.

This package never imports Flask, SQLAlchemy or labelapp; it depends only on the
standard library and PyYAML.
"""

from assessment.diff import diff_schemes
from assessment.errors import AnswerError
from assessment.errors import AnswerProblem
from assessment.errors import CriteriaError
from assessment.errors import InvalidAnswer
from assessment.errors import Problem
from assessment.loader import canonical_text
from assessment.loader import load_criteria
from assessment.loader import load_stored
from assessment.loader import parse_criteria
from assessment.loader import sha256_hex
from assessment.model import Scheme
from assessment.results import Result
from assessment.scoring import score
from assessment.translations import Translation
from assessment.translations import load_translation
from assessment.translations import missing_texts
from assessment.translations import parse_translation
from assessment.translations import translate
from assessment.translations import translation_files

__all__ = [
    "AnswerError",
    "AnswerProblem",
    "CriteriaError",
    "InvalidAnswer",
    "Problem",
    "Result",
    "Scheme",
    "Translation",
    "canonical_text",
    "diff_schemes",
    "load_criteria",
    "load_stored",
    "load_translation",
    "missing_texts",
    "parse_criteria",
    "parse_translation",
    "score",
    "sha256_hex",
    "translate",
    "translation_files",
]
