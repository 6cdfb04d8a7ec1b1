//! The audit log's entries, typed: what was done is one of [`Action`], to one [`Target`], and
//! an entry is built step by step instead of from seven positional arguments.

use anfang_domain::catalog::{DistrictCode, UnitTypeCode};
use anfang_domain::ids::{
    CampaignId, ChecklistId, FindingId, NoticeId, PhotoId, RecordingId, ReportId, SessionId,
    UnitId, UploadId, UserId,
};
use anfang_domain::report;
use anfang_infra::db::audit::{self, AuditEntry, RequestOrigin};
use anfang_infra::db::{DbConnection, DbError};
use chrono::{DateTime, Utc};

/// Every audited action. The names are what the log stores and what auditors search for:
/// never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Login,
    LoginFailed,
    Logout,
    RefreshReuseDetected,
    SessionEnd,
    UserSessionsEnd,
    UserBootstrapAdmin,
    UserCreate,
    UserUpdate,
    UserPasswordChange,
    UserPasswordReset,
    UnitCreate,
    UnitUpdate,
    UnitTypeUpdate,
    DistrictCreate,
    DistrictUpdate,
    ChecklistCreate,
    ChecklistUpdate,
    ChecklistPublish,
    SettingsUpdate,
    LetterheadUpdate,
    CampaignCreate,
    CampaignUpdate,
    CampaignActivate,
    CampaignClose,
    CampaignDraw,
    CampaignDrawView,
    ReportCreate,
    /// Its author threw a draft away.
    ReportDiscard,
    /// A step of the review state machine: submit, claim, approve, return, reject.
    Report(report::Action),
    PhotoUpload,
    PhotoDelete,
    PhotoOriginalDownload,
    RecordingUpload,
    RecordingDownload,
    /// An evidence upload given up by its sender, or expired and swept.
    UploadTerminate,
    ReportEvidenceBundle,
    NoticeEvidenceBundle,
    ReportManifestDeclare,
    ReportManifestWithdraw,
    FindingPublish,
    FindingPublishReport,
    FindingRectify,
    FindingRectificationPhoto,
    FindingVerify,
    FindingAppeal,
    FindingAppealDecision,
    FindingFollowUp,
    FindingOverdue,
    FindingLedgerExport,
    NoticeGenerate,
    NoticeSubmit,
    NoticeReturn,
    NoticeSign,
    NoticePublish,
    NoticeExport,
    NoticeOrderDownload,
    AuditRead,
    AuditExport,
    /// Entries past the retention period were deleted (the scheduler's work).
    AuditPrune,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        use Action::*;
        match self {
            Login => "auth.login",
            LoginFailed => "auth.login_failed",
            Logout => "auth.logout",
            RefreshReuseDetected => "auth.refresh_reuse_detected",
            SessionEnd => "auth.session_end",
            UserSessionsEnd => "user.sessions_end",
            UserBootstrapAdmin => "user.bootstrap_admin",
            UserCreate => "user.create",
            UserUpdate => "user.update",
            UserPasswordChange => "user.password_change",
            UserPasswordReset => "user.password_reset",
            UnitCreate => "unit.create",
            UnitUpdate => "unit.update",
            UnitTypeUpdate => "unit_type.update",
            DistrictCreate => "district.create",
            DistrictUpdate => "district.update",
            ChecklistCreate => "checklist.create",
            ChecklistUpdate => "checklist.update",
            ChecklistPublish => "checklist.publish",
            SettingsUpdate => "settings.update",
            LetterheadUpdate => "settings.letterhead_update",
            CampaignCreate => "campaign.create",
            CampaignUpdate => "campaign.update",
            CampaignActivate => "campaign.activate",
            CampaignClose => "campaign.close",
            CampaignDraw => "campaign.draw",
            CampaignDrawView => "campaign.draw_view",
            ReportCreate => "report.create",
            ReportDiscard => "report.discard",
            Report(step) => match step {
                report::Action::Submit => "report.submit",
                report::Action::Claim { .. } => "report.claim",
                report::Action::Approve => "report.approve",
                report::Action::Return => "report.return",
                report::Action::Reject => "report.reject",
            },
            PhotoUpload => "photo.upload",
            PhotoDelete => "photo.delete",
            PhotoOriginalDownload => "photo.original_download",
            RecordingUpload => "recording.upload",
            RecordingDownload => "recording.download",
            UploadTerminate => "upload.terminate",
            ReportEvidenceBundle => "report.evidence_bundle",
            NoticeEvidenceBundle => "notice.evidence_bundle",
            ReportManifestDeclare => "report.manifest_declare",
            ReportManifestWithdraw => "report.manifest_withdraw",
            FindingPublish => "finding.publish",
            FindingPublishReport => "finding.publish_report",
            FindingRectify => "finding.rectify",
            FindingRectificationPhoto => "finding.rectification_photo",
            FindingVerify => "finding.verify",
            FindingAppeal => "finding.appeal",
            FindingAppealDecision => "finding.appeal_decision",
            FindingFollowUp => "finding.follow_up",
            FindingOverdue => "finding.overdue",
            FindingLedgerExport => "finding.ledger_export",
            NoticeGenerate => "notice.generate",
            NoticeSubmit => "notice.submit",
            NoticeReturn => "notice.return",
            NoticeSign => "notice.sign",
            NoticePublish => "notice.publish",
            NoticeExport => "notice.export",
            NoticeOrderDownload => "notice.order_download",
            AuditRead => "audit.read",
            AuditExport => "audit.export",
            AuditPrune => "audit.prune",
        }
    }
}

/// What an entry is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    User(UserId),
    Session(SessionId),
    Unit(UnitId),
    UnitType(UnitTypeCode),
    District(DistrictCode),
    Checklist(ChecklistId),
    Campaign(CampaignId),
    Report(ReportId),
    Photo(PhotoId),
    Recording(RecordingId),
    Upload(UploadId),
    Finding(FindingId),
    Notice(NoticeId),
}

/// What kind of thing an entry is about, as the log names it (`target_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    User,
    Session,
    Unit,
    UnitType,
    District,
    Checklist,
    Campaign,
    Report,
    Photo,
    Recording,
    Upload,
    Finding,
    Notice,
    /// The audit trail itself: its reading and export.
    Audit,
}

impl TargetKind {
    pub const ALL: [TargetKind; 14] = [
        TargetKind::User,
        TargetKind::Session,
        TargetKind::Unit,
        TargetKind::UnitType,
        TargetKind::District,
        TargetKind::Checklist,
        TargetKind::Campaign,
        TargetKind::Report,
        TargetKind::Photo,
        TargetKind::Recording,
        TargetKind::Upload,
        TargetKind::Finding,
        TargetKind::Notice,
        TargetKind::Audit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::User => "user",
            TargetKind::Session => "session",
            TargetKind::Unit => "unit",
            TargetKind::UnitType => "unit_type",
            TargetKind::District => "district",
            TargetKind::Checklist => "checklist",
            TargetKind::Campaign => "campaign",
            TargetKind::Report => "report",
            TargetKind::Photo => "photo",
            TargetKind::Recording => "recording",
            TargetKind::Upload => "upload",
            TargetKind::Finding => "finding",
            TargetKind::Notice => "notice",
            TargetKind::Audit => "audit",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

impl Target {
    fn parts(self) -> (&'static str, String) {
        let (kind, id) = match self {
            Target::User(id) => (TargetKind::User, id.to_string()),
            Target::Session(id) => (TargetKind::Session, id.to_string()),
            Target::Unit(id) => (TargetKind::Unit, id.to_string()),
            Target::UnitType(code) => (TargetKind::UnitType, code.as_str().to_owned()),
            Target::District(code) => (TargetKind::District, code.as_str().to_owned()),
            Target::Checklist(id) => (TargetKind::Checklist, id.to_string()),
            Target::Campaign(id) => (TargetKind::Campaign, id.to_string()),
            Target::Report(id) => (TargetKind::Report, id.to_string()),
            Target::Photo(id) => (TargetKind::Photo, id.to_string()),
            Target::Recording(id) => (TargetKind::Recording, id.to_string()),
            Target::Upload(id) => (TargetKind::Upload, id.to_string()),
            Target::Finding(id) => (TargetKind::Finding, id.to_string()),
            Target::Notice(id) => (TargetKind::Notice, id.to_string()),
        };
        (kind.as_str(), id)
    }
}

/// One entry on its way into the log: `Entry::new(action, at).by(actor).on(target)
/// .from(origin).details(json).append(conn)`.
#[must_use = "an entry is written only by `append`"]
pub struct Entry<'a> {
    action: Action,
    at: DateTime<Utc>,
    actor: Option<UserId>,
    target: Option<Target>,
    origin: Option<&'a RequestOrigin>,
    details: Option<serde_json::Value>,
}

impl<'a> Entry<'a> {
    pub fn new(action: Action, at: DateTime<Utc>) -> Self {
        Self {
            action,
            at,
            actor: None,
            target: None,
            origin: None,
            details: None,
        }
    }

    /// Who did it (nobody, for the scheduler's work).
    pub fn by(mut self, actor: impl Into<Option<UserId>>) -> Self {
        self.actor = actor.into();
        self
    }

    pub fn on(mut self, target: Target) -> Self {
        self.target = Some(target);
        self
    }

    pub fn from(mut self, origin: &'a RequestOrigin) -> Self {
        self.origin = Some(origin);
        self
    }

    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn append(self, conn: &mut DbConnection) -> Result<(), DbError> {
        let none = RequestOrigin::default();
        let target = self.target.map(Target::parts);
        audit::append(
            conn,
            &AuditEntry {
                at: self.at,
                actor_id: self.actor.map(|a| a.to_string()),
                action: self.action.as_str(),
                target,
                origin: self.origin.unwrap_or(&none),
                details: self.details,
            },
        )
    }
}
