use actix_web::{HttpResponse, web};
use anfang_domain::auth::Permission;

use crate::auth::CurrentUser;
use crate::dto::page::{ListResponse, PageQuery};
use crate::dto::query::{Listing, NoFilter};
use crate::dto::users::UserResponse;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// List accounts, oldest first (admins).
#[utoipa::path(get, operation_id = "users_list", path = "/api/v1/users", tag = "users", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = ListResponse<UserResponse>), (status = 403)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: Listing<NoFilter>,
) -> ApiResult<HttpResponse> {
    current.require(Permission::ManageUsers)?;
    let page = usecases::users::list(&state.usecases, query.page.parse()?).await?;
    Ok(
        HttpResponse::Ok().json(ListResponse::from_page(page.value, |u| {
            UserResponse::new(u, &page.names)
        })),
    )
}
