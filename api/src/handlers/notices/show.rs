use actix_web::{HttpResponse, web};
use anfang_domain::ids::NoticeId;

use crate::auth::CurrentUser;
use crate::dto::notices::NoticeResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// One notice with its snapshot, if you may see it (a draft does not exist for units).
#[utoipa::path(get, operation_id = "notices_show", path = "/api/v1/notices/{id}", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = NoticeResponse), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<NoticeId>,
) -> ApiResult<HttpResponse> {
    let notice = usecases::notices::get(&state.usecases, current.user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(NoticeResponse::from_notice(&notice)?))
}
