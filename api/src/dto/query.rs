//! Query strings read strictly: a parameter the operation does not document is refused (a
//! misspelt filter silently ignored answers with everything), a parameter given twice is
//! refused, and a value that does not parse names its parameter.
//!
//! The parameters an operation takes are the ones its `IntoParams` documents in the OpenAPI
//! document, so what is refused and what is documented cannot drift apart.

use std::collections::HashSet;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use utoipa::IntoParams;
use utoipa::openapi::path::ParameterIn;

use super::page::PageQuery;
use anfang_domain::day_range::{Bound, DayRange};

use crate::error::{ApiError, ErrorCode, FieldIssue, FieldParser, FieldProblem};

/// The query of an operation whose parameters are `T`.
pub struct Params<T>(pub T);

/// The query of a list: its filter `F` and the page (`limit`, `cursor`).
pub struct Listing<F> {
    pub filter: F,
    pub page: PageQuery,
}

/// The query of an operation that takes two sets of parameters.
pub struct Both<A, B>(pub A, pub B);

/// A list without filters.
#[derive(serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NoFilter {}

fn names<T: IntoParams>() -> impl Iterator<Item = String> {
    T::into_params(|| Some(ParameterIn::Query))
        .into_iter()
        .map(|p| p.name)
}

/// Refuses what no documented parameter names, and any parameter given more than once.
fn check_names(query: &str, allowed: &HashSet<String>) -> Result<(), ApiError> {
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for (name, _) in form_urlencoded::parse(query.as_bytes()) {
        if !allowed.contains(name.as_ref()) {
            problems.push(FieldProblem::new(name.as_ref(), FieldIssue::NotAllowed));
        } else if !seen.insert(name.clone()) {
            problems.push(FieldProblem::new(name.as_ref(), FieldIssue::Repeated));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(refused(problems))
    }
}

fn refused(problems: Vec<FieldProblem>) -> ApiError {
    let mut error = ApiError::fields(problems);
    error.code = ErrorCode::InvalidParameter;
    error
}

/// Reads `T` from the query, naming the parameter whose value is not of its type.
fn read<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let parameter = e.path().to_string();
        let parameter = if parameter == "." {
            "query".to_owned()
        } else {
            parameter
        };
        let detail = e.into_inner().to_string();
        refused(vec![FieldProblem::new(
            parameter,
            FieldIssue::BadQuery { detail },
        )])
    })
}

impl<T: DeserializeOwned + IntoParams> FromRequest for Params<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let query = req.query_string();
        ready(
            check_names(query, &names::<T>().collect())
                .and_then(|()| read(query))
                .map(Params),
        )
    }
}

/// Reads two sets of parameters from one query, refusing what neither documents.
fn read_two<A, B>(req: &HttpRequest) -> Result<(A, B), ApiError>
where
    A: DeserializeOwned + IntoParams,
    B: DeserializeOwned + IntoParams,
{
    let query = req.query_string();
    check_names(query, &names::<A>().chain(names::<B>()).collect())?;
    Ok((read(query)?, read(query)?))
}

impl<A, B> FromRequest for Both<A, B>
where
    A: DeserializeOwned + IntoParams,
    B: DeserializeOwned + IntoParams,
{
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(read_two(req).map(|(a, b)| Both(a, b)))
    }
}

impl<F: DeserializeOwned + IntoParams> FromRequest for Listing<F> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(read_two(req).map(|(filter, page)| Listing { filter, page }))
    }
}

/// The schema of a day-range parameter: a date (that whole day in the bureau's time zone) or
/// an RFC 3339 time.
pub struct DayOrTime;

impl utoipa::PartialSchema for DayOrTime {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{
            AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type,
        };
        let string = |format| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(format)))
        };
        AnyOfBuilder::new()
            .item(string(KnownFormat::Date))
            .item(string(KnownFormat::DateTime))
            .into()
    }
}

impl utoipa::ToSchema for DayOrTime {}

/// A range of days from two optional parameters, each a date or an RFC 3339 time.
pub fn days(
    p: &mut FieldParser,
    (from_name, from): (&str, &Option<String>),
    (until_name, until): (&str, &Option<String>),
) -> Option<DayRange> {
    let from = p.take_opt(from_name, from.as_deref().map(str::parse::<Bound>));
    let until = p.take_opt(until_name, until.as_deref().map(str::parse::<Bound>));
    Some(DayRange {
        from: from?,
        until: until?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, IntoParams)]
    #[into_params(parameter_in = Query)]
    struct Filter {
        #[allow(dead_code)]
        status: Option<String>,
        flagged: Option<bool>,
    }

    fn allowed() -> HashSet<String> {
        names::<Filter>().chain(names::<PageQuery>()).collect()
    }

    fn fields(error: ApiError) -> Vec<(String, &'static str)> {
        assert_eq!(error.code, ErrorCode::InvalidParameter);
        let issue = |i: &FieldIssue| match i {
            FieldIssue::NotAllowed => "not_allowed",
            FieldIssue::Repeated => "repeated",
            FieldIssue::BadQuery { .. } => "bad_query",
            _ => "other",
        };
        error
            .fields
            .into_iter()
            .map(|f| (f.field.clone(), issue(&f.issue)))
            .collect()
    }

    #[test]
    fn a_misspelt_parameter_is_named_and_refused() {
        let error = check_names("stauts=submitted&limit=5", &allowed()).unwrap_err();
        assert_eq!(fields(error), [("stauts".into(), "not_allowed")]);
        assert!(check_names("status=submitted&limit=5&cursor=", &allowed()).is_ok());
    }

    #[test]
    fn a_parameter_given_twice_is_refused() {
        let error = check_names("status=a&status=b", &allowed()).unwrap_err();
        assert_eq!(fields(error), [("status".into(), "repeated")]);
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_parameter() {
        let error = read::<Filter>("status=x&flagged=maybe").unwrap_err();
        assert_eq!(fields(error), [("flagged".into(), "bad_query")]);
        assert_eq!(read::<Filter>("flagged=true").unwrap().flagged, Some(true));
    }
}
