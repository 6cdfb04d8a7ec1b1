//! A JSON body whose refusal waits for the handler: authorization comes first, everywhere,
//! so a caller who may not do a thing learns that, not what was wrong with the body.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use super::{ApiError, ApiResult, ErrorCode};

/// The request's JSON body, read with the route's limits, or why it could not be.
pub struct Body<T>(ApiResult<T>);

impl<T> Body<T> {
    /// The body, or its refusal; call it once the caller is authorized.
    pub fn parse(self) -> ApiResult<T> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Body<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = web::Json::<T>::from_request(req, payload);
        Box::pin(async move {
            Ok(Body(json.await.map(web::Json::into_inner).map_err(|e| {
                e.as_error::<ApiError>()
                    .cloned()
                    .unwrap_or_else(|| ApiError::new(ErrorCode::MalformedBody))
            })))
        })
    }
}

/// An action that takes no body: none, or an empty JSON object. Anything else is refused
/// (with the handler's timing, as for [`Body`]) rather than ignored, so that a client that
/// believes it is setting something learns it is not.
pub struct NoBody(ApiResult<()>);

impl NoBody {
    pub fn check(self) -> ApiResult<()> {
        self.0
    }
}

impl FromRequest for NoBody {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let outcome = match bytes.await {
                Err(_) => Err(ApiError::new(ErrorCode::PayloadTooLarge)),
                Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(()),
                Ok(bytes) => match serde_json::from_slice::<serde_json::Map<_, _>>(&bytes) {
                    Ok(map) if map.is_empty() => Ok(()),
                    Ok(map) => Err(super::json_body::unknown_fields(map.keys())),
                    Err(_) => Err(ApiError::new(ErrorCode::MalformedBody)),
                },
            };
            Ok(NoBody(outcome))
        })
    }
}
