"""All models, imported here so that metadata and migrations see every table."""

from labelapp.models.assessment import Answer
from labelapp.models.assessment import Assessment
from labelapp.models.assessment import AssessmentStatus
from labelapp.models.assessment import Evidence
from labelapp.models.audit import AuditEvent
from labelapp.models.audit import AuditHead
from labelapp.models.certificate import Certificate
from labelapp.models.certificate import CertificateCopy
from labelapp.models.certificate import CertificateCounter
from labelapp.models.certificate import CertificateStatus
from labelapp.models.certificate import PublicStatus
from labelapp.models.criteria_version import CriteriaStatus
from labelapp.models.criteria_version import CriteriaVersion
from labelapp.models.improvement import ImprovementArea
from labelapp.models.organisation import Invitation
from labelapp.models.organisation import Organisation
from labelapp.models.organisation import OrganisationManager
from labelapp.models.outbox import MessageOptOut
from labelapp.models.outbox import MessageState
from labelapp.models.outbox import OutboxMessage
from labelapp.models.reports import BenchmarkReport
from labelapp.models.reports import BenchmarkReportPdf
from labelapp.models.results import IndicatorResult
from labelapp.models.results import SectionResult
from labelapp.models.review import ConflictOfInterest
from labelapp.models.review import Review
from labelapp.models.review import ReviewItem
from labelapp.models.stored_file import StoredFile
from labelapp.models.user import PasswordReset
from labelapp.models.user import Role
from labelapp.models.user import User
from labelapp.models.user import UserSession

__all__ = [
    "Answer",
    "Assessment",
    "AssessmentStatus",
    "AuditEvent",
    "AuditHead",
    "BenchmarkReport",
    "BenchmarkReportPdf",
    "Certificate",
    "CertificateCopy",
    "CertificateCounter",
    "CertificateStatus",
    "ConflictOfInterest",
    "CriteriaStatus",
    "CriteriaVersion",
    "Evidence",
    "ImprovementArea",
    "IndicatorResult",
    "Invitation",
    "MessageOptOut",
    "MessageState",
    "Organisation",
    "OrganisationManager",
    "OutboxMessage",
    "PasswordReset",
    "PublicStatus",
    "Review",
    "ReviewItem",
    "Role",
    "SectionResult",
    "StoredFile",
    "User",
    "UserSession",
]
