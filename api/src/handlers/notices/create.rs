use actix_web::http::header;
use actix_web::{HttpResponse, web};

use anfang_domain::auth::Permission;

use crate::auth::{CurrentUser, Origin};
use crate::dto::notices::{CreateNoticeRequest, NoticeResponse};
use crate::error::{ApiResult, Body};
use crate::state::AppState;
use anfang_usecases as usecases;

/// Draft the notice of a month from the data as they are now (supervisors, admins): 201 the
/// first time, 200 when a draft is redrafted; a published notice never changes (409).
#[utoipa::path(post, operation_id = "notices_create", path = "/api/v1/notices", tag = "notices", security(("bearer" = [])),
    request_body = CreateNoticeRequest,
    responses((status = 201, body = NoticeResponse), (status = 200, body = NoticeResponse), (status = 403),
        (status = 409, description = "published"), (status = 422)))]
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    body: Body<CreateNoticeRequest>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageNotices)?;
    let body = body.parse()?;
    let period = body.period()?;
    let (notice, created) =
        usecases::notices::generate(&state.usecases, &current.user, period, origin.0).await?;
    let body = NoticeResponse::from_notice(&notice)?;
    Ok(if created {
        HttpResponse::Created()
            .insert_header((header::LOCATION, format!("/api/v1/notices/{}", notice.id)))
            .json(body)
    } else {
        HttpResponse::Ok().json(body)
    })
}
