use actix_web::{HttpRequest, HttpResponse, web};
use anfang_domain::ids::{FindingId, PhotoId};

use crate::auth::CurrentUser;
use crate::dto::photos::EvidenceQuery;
use crate::dto::query::Params;
use crate::error::ApiResult;
use crate::handlers::photos::download::image_response;
use crate::state::AppState;
use anfang_usecases as usecases;

/// A photo the inspector linked to the finding's item, for whoever may see the finding (its
/// unit included): re-encoded, without the phone's metadata; never the original.
#[utoipa::path(get, operation_id = "findings_evidence", path = "/api/v1/findings/{id}/evidence/{photo_id}", tag = "findings", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("photo_id" = Uuid, Path), EvidenceQuery),
    responses((status = 200, description = "the image (HEAD answers the same headers)", content_type = "image/jpeg"),
        (status = 206, description = "the part a `Range: bytes=a-b` asked for"), (status = 400), (status = 404),
        (status = 416, description = "the range starts past the end")))]
pub async fn evidence(
    req: HttpRequest,
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(FindingId, PhotoId)>,
    Params(query): Params<EvidenceQuery>,
) -> ApiResult<HttpResponse> {
    let (finding, photo) = path.into_inner();
    let (size, variant) = query.size();
    let (photo, bytes) =
        usecases::finding_views::evidence(&state.usecases, current.user, finding, photo, size)
            .await?;
    Ok(image_response(
        &req,
        photo.id,
        &photo.format,
        variant,
        bytes,
    ))
}
