//! An app too old to be served (`ANFANG_MIN_CLIENT_VERSION`): the phone says its version in
//! `Anfang-Client-Version`, and one older than the minimum gets 426 with problem+json telling
//! it to update, before anything else is done. A request that does not say (the console, a
//! script) is served; one that says something else than a version gets 400.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use anfang_domain::auth::ClientVersion;

use crate::error::{ApiError, ErrorCode, FieldIssue, Language};
use crate::state::AppState;

const CLIENT_VERSION: &str = "Anfang-Client-Version";

pub async fn require_client_version(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let minimum = req
        .app_data::<web::Data<AppState>>()
        .and_then(|s| s.min_client_version);
    let said = req.headers().get(CLIENT_VERSION).map(|v| v.to_str().ok());
    if let (Some(minimum), Some(said)) = (minimum, said)
        && req.path().starts_with("/api/")
    {
        let refusal = match said.and_then(ClientVersion::parse) {
            None => Some(ApiError::field(
                CLIENT_VERSION,
                FieldIssue::Format {
                    expected: "a version such as 2.4.1",
                },
            )),
            Some(version) if version < minimum => {
                Some(ApiError::new(ErrorCode::ClientUpdateRequired))
            }
            Some(_) => None,
        };
        if let Some(mut error) = refusal {
            if error.code == ErrorCode::ValidationFailed {
                error.code = ErrorCode::InvalidHeader;
            }
            // Rendered in Chinese; `localize_errors`, further out, renders it again if asked.
            let response = error.render(Language::default());
            return Ok(req.into_response(response).map_into_right_body());
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}
