use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::catalog::ItemCode;
use anfang_domain::ids::{EvidenceId, FindingId, ReportId};
use anfang_domain::report::{Caption, EvidenceKind};
use anfang_usecases::uploads::{NewUpload, UploadTarget};

use super::progress_headers;
use crate::auth::CurrentUser;
use crate::dto::uploads::UploadResponse;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldIssue, FieldProblem};
use crate::state::AppState;
use crate::tus;
use anfang_usecases as usecases;

/// Reads `Upload-Metadata` into what the upload is for: a report (`report_id`) or a finding's
/// rectification (`finding_id`), one of the two. `filename` and `filetype` are taken and set
/// aside (tus clients send them; the server names files itself and reads their type from
/// their bytes); any other key is refused.
fn new_upload(req: &HttpRequest, length: u64) -> ApiResult<NewUpload> {
    let (mut report, mut finding, mut kind, mut evidence, mut item, mut caption) =
        (None, None, None, None, None, None);
    let mut problems = Vec::new();
    let field = |key: &str| format!("Upload-Metadata.{key}");
    let format = |problems: &mut Vec<FieldProblem>, key: &str, expected| {
        problems.push(FieldProblem::new(
            field(key),
            FieldIssue::Format { expected },
        ))
    };
    for (key, value) in tus::metadata(req)? {
        match key.as_str() {
            "report_id" => match value.parse::<ReportId>() {
                Ok(id) => report = Some(id),
                Err(_) => format(&mut problems, "report_id", "a UUID"),
            },
            "finding_id" => match value.parse::<FindingId>() {
                Ok(id) => finding = Some(id),
                Err(_) => format(&mut problems, "finding_id", "a UUID"),
            },
            "kind" => match value.parse::<EvidenceKind>() {
                Ok(k) => kind = Some(k),
                Err(_) => format(&mut problems, "kind", "photo or recording"),
            },
            "evidence_id" => match value.parse::<EvidenceId>() {
                Ok(id) => evidence = Some(id),
                Err(_) => format(&mut problems, "evidence_id", "a UUID"),
            },
            "item_code" => match ItemCode::parse(&value) {
                Ok(code) => item = Some(code),
                Err(_) => format(
                    &mut problems,
                    "item_code",
                    "a checklist item code such as PRC-07",
                ),
            },
            "caption" => match Caption::parse(&value) {
                Ok(text) => caption = Some(text),
                Err(_) => format(
                    &mut problems,
                    "caption",
                    "one line of at most 500 characters",
                ),
            },
            "filename" | "filetype" => {}
            other => problems.push(FieldProblem::new(field(other), FieldIssue::NotAllowed)),
        }
    }
    let target = match (report, finding) {
        (Some(report), None) => Some(UploadTarget::Report(report)),
        (None, Some(finding)) => Some(UploadTarget::Rectification(finding)),
        (Some(_), Some(_)) => {
            problems.push(FieldProblem::new(
                field("finding_id"),
                FieldIssue::NotAllowed,
            ));
            None
        }
        (None, None) => {
            let named = |key: &str| problems.iter().any(|p| p.field == field(key));
            if !named("report_id") && !named("finding_id") {
                problems.push(FieldProblem::new(field("report_id"), FieldIssue::Required));
            }
            None
        }
    };
    if kind.is_none() && !problems.iter().any(|p| p.field == field("kind")) {
        problems.push(FieldProblem::new(field("kind"), FieldIssue::Required));
    }
    match (target, kind) {
        (Some(target), Some(kind)) if problems.is_empty() => Ok(NewUpload {
            target,
            kind,
            evidence_id: evidence,
            item_code: item,
            caption,
            length,
        }),
        _ => Err(ApiError::fields(problems)),
    }
}

/// Begins a resumable upload of a photo or a recording for one's own report while it can
/// change, or (a unit's manager) for a finding's rectification while it waits for the unit
/// (tus creation). `Upload-Metadata` names `report_id` or `finding_id`, `kind` (`photo` or
/// `recording`) and, as it should, `evidence_id` (for a report, the id declared in its
/// manifest: an upload of the same evidence begun before is answered instead, so a lost
/// answer costs nothing); `caption`, and for a report's photo `item_code`, as for a photo.
/// A report's file is checked against its declaration before a byte is sent. Then `PATCH`
/// the `Location` from `Upload-Offset` 0.
#[utoipa::path(post, operation_id = "uploads_create", path = "/api/v1/uploads", tag = "uploads", security(("bearer" = [])),
    params(
        ("Tus-Resumable" = String, Header, description = "1.0.0"),
        ("Upload-Length" = u64, Header, description = "the file's size in bytes (photos at most 20 MiB, recordings at most `ANFANG_RECORDING_MAX_BYTES`, 2 GiB by default)"),
        ("Upload-Metadata" = String, Header, description = "`report_id` or `finding_id`, `kind`, `evidence_id`, `item_code`, `caption`: each a key and its value in base64, comma-separated"),
    ),
    responses(
        (status = 201, body = UploadResponse, description = "begun, or begun before (then `Upload-Offset` says how far it came); `Location` is the upload"),
        (status = 400), (status = 404), (status = 409, description = "the report can no longer change, the finding no longer waits for its rectification, or the evidence id is being uploaded with another length"),
        (status = 412, description = "not `Tus-Resumable: 1.0.0`"), (status = 413), (status = 422)))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
) -> ApiResult<HttpResponse> {
    tus::require_version(&req)?;
    if req.headers().contains_key(tus::UPLOAD_DEFER_LENGTH) {
        return Err(ApiError::new(ErrorCode::InvalidHeader));
    }
    let length = tus::size(&req, &tus::UPLOAD_LENGTH)?;
    let new = new_upload(&req, length)?;
    let (upload, _created) = usecases::uploads::create(&state.usecases, current.user, new).await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/uploads/{}", upload.id)));
    progress_headers(&mut response, &upload);
    Ok(response.json(UploadResponse::from(&upload)))
}
