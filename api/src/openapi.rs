//! The OpenAPI 3.1 document, generated from the handlers and DTOs. `openapi.yaml` at the
//! repository root is this document, written by `anfang openapi > openapi.yaml`; a test fails
//! when they drift apart.

use std::sync::LazyLock;

use utoipa::openapi::header::Header;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Object, Ref, RefOr, Required, Response, Type};
use utoipa::{Modify, OpenApi};

use crate::dto;
use crate::handlers::{
    assignments, audit, auth, campaigns, checklists, districts, findings, inspectors, me, notices,
    ops, photos, recordings, reports, settings, stats, unit_types, units, uploads, users,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "anfang",
        description = "Unannounced inspections (明察暗访) of a human-resources and social-security \
                       bureau's public service windows. Errors are RFC 9457 problem+json with a \
                       stable `code`; messages in zh-CN, or English with `Accept-Language: en`.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    servers((url = "/", description = "The server this document was read from")),
    paths(
        ops::healthz::healthz,
        ops::readyz::readyz,
        ops::metrics::metrics,
        ops::openapi::openapi,
        auth::login::login,
        auth::refresh::refresh,
        auth::logout::logout,
        me::show::show,
        me::change_password::change_password,
        me::sessions::list,
        me::sessions::end,
        users::list::list,
        users::create::create,
        users::show::show,
        users::update::update,
        users::reset_password::reset_password,
        users::end_sessions::end_sessions,
        districts::list::list,
        districts::create::create,
        districts::update::update,
        unit_types::list::list,
        unit_types::update::update,
        units::list::list,
        units::create::create,
        units::show::show,
        units::update::update,
        checklists::list::list,
        checklists::current::current,
        checklists::show::show,
        checklists::create::create,
        checklists::update::update,
        checklists::publish::publish,
        reports::list::list,
        reports::put::put,
        reports::show::show,
        reports::discard::discard,
        reports::submit::submit,
        reports::claim::claim,
        reports::review::review,
        reports::history::history,
        reports::evidence::evidence,
        reports::manifest::show,
        reports::manifest::declare,
        reports::manifest::withdraw,
        notices::evidence::evidence,
        settings::show::show,
        settings::update::update,
        settings::letterhead::show,
        settings::letterhead::replace,
        campaigns::list::list,
        campaigns::create::create,
        campaigns::show::show,
        campaigns::update::update,
        campaigns::activate::activate,
        campaigns::close::close,
        campaigns::draw::draw,
        campaigns::draw_record::draw_record,
        assignments::list::list,
        assignments::show::show,
        photos::upload::upload,
        photos::list::list,
        photos::download::download,
        photos::delete::delete,
        uploads::options::options,
        uploads::create::create,
        uploads::status::status,
        uploads::append::append,
        uploads::terminate::terminate,
        recordings::list::list,
        recordings::of_finding::of_finding,
        recordings::download::download,
        findings::list::list,
        findings::export::export,
        findings::summary::summary,
        findings::show::show,
        findings::steps::publish,
        findings::steps::rectification,
        findings::steps::verify,
        findings::steps::appeal,
        findings::steps::appeal_decision,
        reports::publish_findings::publish_of_report,
        findings::steps::follow_up,
        findings::photos::upload,
        findings::photos::list,
        findings::photos::download,
        findings::evidence::evidence,
        notices::list::list,
        notices::create::create,
        notices::show::show,
        notices::signing::submit,
        notices::signing::return_to_draft,
        notices::signing::sign,
        notices::publish::publish,
        notices::export::export,
        notices::orders::list,
        notices::orders::download,
        stats::show::show,
        inspectors::list::list,
        audit::list::list,
        audit::export::export,
    ),
    components(schemas(
        dto::users::RoleDto,
        dto::checklists::ChecklistItemDto,
        dto::checklists::MeasurementDto,
        dto::problem::ProblemSchema,
        dto::problem::ProblemFieldSchema,
    )),
    modifiers(
        &BearerAuth,
        &PublicOperations,
        &ProblemResponses,
        &Revalidation,
        &ListItemsByName,
        &BinaryAnswers
    ),
    tags(
        (name = "auth", description = "Signing in, tokens, one's own account"),
        (name = "users", description = "Accounts (admins)"),
        (name = "catalog", description = "Unit types, districts, units, checklist versions"),
        (name = "reports", description = "Inspection reports and the review queue"),
        (name = "campaigns", description = "Campaigns, the random draw, drawn visits"),
        (name = "photos", description = "Photo evidence"),
        (name = "uploads", description = "Resumable uploads (tus 1.0) of photos and recordings, and recordings"),
        (name = "findings", description = "Findings, rectification, appeals"),
        (name = "notices", description = "Monthly notices (月度通报), their exports, statistics"),
        (name = "settings", description = "Tunable rules"),
        (name = "audit", description = "The audit trail (admins)"),
        (name = "ops", description = "Health, readiness, metrics, this document"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Every operation of the document, whatever its method.
fn operations(
    openapi: &mut utoipa::openapi::OpenApi,
) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    openapi.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
        ]
        .into_iter()
        .flatten()
    })
}

/// An operation that names no security requirement is public (signing in, health, this
/// document), and says so with `security: []`, so that generated clients send no token.
struct PublicOperations;

impl Modify for PublicOperations {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for operation in operations(openapi) {
            operation.security.get_or_insert_with(Vec::new);
        }
    }
}

/// Every operation may answer with a problem: each documented error status gets the problem
/// body, and a `default` response covers the rest (400, 413, 415, 429, 5xx …).
struct ProblemResponses;

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let problem = || Content::new(Some(Ref::from_schema_name("Problem")));
        for operation in operations(openapi) {
            for (status, response) in operation.responses.responses.iter_mut() {
                if let RefOr::T(response) = response
                    && status.starts_with(['4', '5'])
                {
                    if response.content.is_empty() {
                        response
                            .content
                            .insert("application/problem+json".into(), problem());
                    }
                    if matches!(status.as_str(), "429" | "503") {
                        let mut wait = Header::new(Object::with_type(Type::Integer));
                        wait.description = Some("Seconds to wait before trying again".into());
                        response.headers.insert("Retry-After".into(), wait);
                    }
                }
            }
            let mut default = Response::new("An error, as problem details");
            default
                .content
                .insert("application/problem+json".into(), problem());
            operation
                .responses
                .responses
                .entry("default".into())
                .or_insert(RefOr::T(default));
        }
    }
}

/// Every GET answered with JSON carries an `ETag` and takes `If-None-Match`, answering 304
/// when what the client holds still stands (`crate::middleware::revalidate`).
struct Revalidation;

impl Modify for Revalidation {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let Some(operation) = item.get.as_mut() else {
                continue;
            };
            let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") else {
                continue;
            };
            if !ok.content.contains_key("application/json") {
                continue;
            }
            let mut tag = Header::default();
            tag.description = Some(
                "A strong validator of this answer (a report's begins with its version, for \
                 `If-Match`)"
                    .into(),
            );
            ok.headers.insert("ETag".into(), tag);
            let asked = ParameterBuilder::new()
                .name("If-None-Match")
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some("The `ETag` of the answer the client holds"))
                .schema(Some(Object::with_type(Type::String)))
                .build();
            operation
                .parameters
                .get_or_insert_with(Vec::new)
                .push(asked);
            let mut unchanged = Response::new("The answer the client holds still stands");
            unchanged.headers.insert("ETag".into(), Header::default());
            operation
                .responses
                .responses
                .insert("304".into(), RefOr::T(unchanged));
        }
    }
}

/// utoipa writes the item type of every `ListResponse_<Item>` inline (juhaku/utoipa#1586), so a
/// generated client would get a second class per list: each list's items are moved to the
/// component `<Item>` (once) and referred to from there.
struct ListItemsByName;

impl Modify for ListItemsByName {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{ArrayItems, Schema};
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let lists: Vec<String> = components
            .schemas
            .keys()
            .filter(|name| name.starts_with("ListResponse_"))
            .cloned()
            .collect();
        for list in lists {
            let item = list.trim_start_matches("ListResponse_").to_owned();
            let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(&list) else {
                continue;
            };
            let Some(RefOr::T(Schema::Array(array))) = object.properties.get_mut("items") else {
                continue;
            };
            let ArrayItems::RefOrSchema(items) = &mut array.items else {
                continue;
            };
            if matches!(**items, RefOr::Ref(_)) {
                continue;
            }
            let inline = std::mem::replace(&mut **items, RefOr::Ref(Ref::from_schema_name(&item)));
            components.schemas.entry(item).or_insert(inline);
        }
    }
}

/// A file answer (a photo, a recording, an export, a ZIP) is typed as binary in its media type,
/// so that a generated client reads bytes rather than trying to parse them; a part of one
/// (206) is the same.
struct BinaryAnswers;

impl Modify for BinaryAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{KnownFormat, SchemaFormat};
        let binary = || {
            RefOr::T(utoipa::openapi::schema::Schema::Object(
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                    .build(),
            ))
        };
        for item in openapi.paths.paths.values_mut() {
            for operation in [&mut item.get, &mut item.head].into_iter().flatten() {
                let responses = &mut operation.responses.responses;
                let mut whole = None;
                if let Some(RefOr::T(ok)) = responses.get_mut("200") {
                    for (media, content) in ok.content.iter_mut() {
                        if content.schema.is_none() && !media.contains("json") {
                            content.schema = Some(binary());
                        }
                    }
                    whole = Some(ok.content.clone());
                }
                if let (Some(RefOr::T(part)), Some(whole)) = (responses.get_mut("206"), whole)
                    && part.content.is_empty()
                {
                    part.content = whole;
                }
            }
        }
    }
}

static YAML: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_yaml()
        .unwrap_or_else(|e| format!("# failed to render the OpenAPI document: {e}\n"))
});

/// The document as YAML, rendered once.
pub fn yaml() -> &'static str {
    &YAML
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Client generators name their methods after `operationId`, which OpenAPI requires to be
    /// unique; utoipa would otherwise use the bare function name (`show`, `list`, …).
    #[test]
    fn every_operation_has_an_id_of_its_own() {
        let document = ApiDoc::openapi();
        let mut seen = std::collections::HashMap::new();
        for (path, item) in &document.paths.paths {
            let operations = [&item.get, &item.put, &item.post, &item.delete, &item.patch];
            for operation in operations.into_iter().flatten() {
                let id = operation.operation_id.clone().unwrap_or_default();
                assert!(!id.is_empty(), "{path} has no operationId");
                if let Some(other) = seen.insert(id.clone(), path.clone()) {
                    panic!("operationId {id} is used by {other} and {path}");
                }
            }
        }
        assert!(seen.len() > 60, "only {} operations", seen.len());
    }
}
