use actix_web::http::header;
use actix_web::{HttpResponse, web};
use anfang_domain::ids::PhotoId;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::{CurrentUser, Origin};
use crate::dto::photos::PhotoQuery;
use crate::error::ApiResult;
use crate::usecases;

/// A photo, for those who may see its report. `thumb` and `display` are re-encoded JPEGs with
/// no metadata; `original` (supervisors and admins only) is the evidence as uploaded, and
/// every download of it is audited.
#[utoipa::path(get, path = "/api/v1/photos/{id}", tag = "photos", security(("bearer" = [])),
    params(("id" = Uuid, Path), PhotoQuery),
    responses((status = 200, description = "the image", content_type = "image/jpeg"), (status = 403), (status = 404)))]
pub async fn download(
    state: web::Data<AppState>,
    current: CurrentUser,
    origin: Origin,
    id: web::Path<Uuid>,
    query: web::Query<PhotoQuery>,
) -> ApiResult<HttpResponse> {
    let variant = query.variant.unwrap_or_default();
    let id = PhotoId::from_uuid(id.into_inner());
    let (photo, bytes) =
        usecases::photos::download(&state, current.user, id, variant.as_str(), origin.0).await?;
    let (content_type, extension, disposition) = match variant.as_str() {
        "original" => {
            let format = anfang_infra::images::ImageFormat::parse(&photo.format);
            (
                format.map_or("application/octet-stream", |f| f.mime()),
                photo.format.as_str(),
                "attachment",
            )
        }
        _ => ("image/jpeg", "jpeg", "inline"),
    };
    // The file name is made of the server's own id: nothing a client wrote reaches a header.
    let filename = format!(
        "{}-{}.{}",
        photo.id,
        variant.as_str(),
        extension.replace("jpeg", "jpg")
    );
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{filename}\""),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
