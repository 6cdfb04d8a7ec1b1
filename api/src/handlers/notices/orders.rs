//! Rectification orders (整改通知书), one for each unit a published notice found problems at:
//! a unit's manager reads their own unit's, the bureau every unit's.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use anfang_domain::ids::{NoticeId, UnitId};

use crate::auth::{CurrentUser, Origin};
use crate::dto::notices::{OrderQuery, OrderedUnitResponse};
use crate::dto::page::ListResponse;
use crate::dto::query::Params;
use crate::error::ApiResult;
use crate::state::AppState;
use anfang_usecases as usecases;

/// The units the published notice gives an order to: every unit for supervisors, admins and
/// leaders, their own unit only for a unit manager; none before publication.
#[utoipa::path(get, operation_id = "notices_orders", path = "/api/v1/notices/{id}/orders", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ListResponse<OrderedUnitResponse>), (status = 404)))]
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<NoticeId>,
) -> ApiResult<HttpResponse> {
    let units = usecases::notices::orders(&state.usecases, current.user, id.into_inner()).await?;
    let items = units
        .into_iter()
        .map(OrderedUnitResponse::from_unit)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(ListResponse::complete(items)))
}

/// Download a unit's rectification order as PDF or DOCX; another unit's order answers a unit
/// manager as if it did not exist. Every download is audited.
#[utoipa::path(get, operation_id = "notices_order", path = "/api/v1/notices/{id}/orders/{unit_id}", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("unit_id" = Uuid, Path), OrderQuery),
    responses((status = 200, description = "the order", content(
        ("application/pdf"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    )), (status = 404), (status = 409, description = "notice_not_published")))]
pub async fn download(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    path: web::Path<(NoticeId, UnitId)>,
    Params(query): Params<OrderQuery>,
) -> ApiResult<HttpResponse> {
    let (id, unit) = path.into_inner();
    let order = usecases::notices::order(
        &state.usecases,
        current.user,
        id,
        unit,
        query.format(),
        origin.0,
    )
    .await?;
    // The file name is the server's own (period, unit code, extension).
    Ok(HttpResponse::Ok()
        .content_type(order.format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", order.filename),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(order.bytes))
}
