use actix_web::{HttpResponse, web};
use anfang_domain::ids::AssignmentId;

use crate::auth::CurrentUser;
use crate::dto::campaigns::AssignmentResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// One drawn visit, for its team (once under way) and for supervisors and admins.
#[utoipa::path(get, operation_id = "assignments_show", path = "/api/v1/assignments/{id}", tag = "campaigns", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = AssignmentResponse), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<AssignmentId>,
) -> ApiResult<HttpResponse> {
    let visit =
        usecases::campaigns::assignment(&state.usecases, current.user, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(AssignmentResponse::from(visit)))
}
