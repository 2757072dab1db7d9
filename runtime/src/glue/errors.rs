//! What generated error types call: `Display` of an error structure, encoding an error
//! for the server, and [`operation_error!`](crate::operation_error), which writes everything
//! an operation's error enum has in common.

use crate::error::fmt_view;
use crate::{EncodedError, ErrorShape, ErrorView, UnmodelledError};
use std::fmt;

/// `Display` for generated error structs: `NotFoundException (HTTP 404): message`.
pub fn fmt_error<E: ErrorShape>(error: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    fmt_view(
        &ErrorView {
            status: E::STATUS,
            code: Some(E::CODE),
            message: error.message(),
            request_id: error.request_id(),
            retryable: E::RETRYABLE,
        },
        f,
    )
}

/// Encodes a modelled error.
pub fn encode_error<E: ErrorShape>(error: &E) -> EncodedError {
    let mut headers = crate::OutHeaders::default();
    error.write_headers(&mut headers);
    EncodedError {
        status: E::STATUS,
        code: E::CODE.to_string(),
        title: Some(E::TITLE),
        body: serde_json::to_vec(error).unwrap_or_else(|_| b"{}".to_vec()),
        headers: headers.0,
    }
}

/// Encodes an unmodelled error as a body with its message, under its code (or
/// `InternalFailure` / `UnknownError` when it has none).
pub fn encode_unmodelled(error: &UnmodelledError) -> EncodedError {
    let code = error.code.clone().unwrap_or_else(|| {
        if error.status >= 500 {
            "InternalFailure".to_string()
        } else {
            "UnknownError".to_string()
        }
    });
    let body = serde_json::json!({ "message": error.message.as_deref().unwrap_or("") });
    EncodedError {
        status: error.status,
        code,
        title: None,
        body: body.to_string().into_bytes(),
        headers: Vec::new(),
    }
}

/// Implements everything an operation error enum has that is the same for every
/// operation: the accessors (`status`, `code`, `message`, `request_id`, `is_retryable`),
/// `Display`, `std::error::Error`, [`ServiceError`], [`OperationError`] (decoding by the
/// listed variants in order, encoding for the server) and `From` each modelled error and
/// [`UnmodelledError`].
///
/// Generated `errors.rs` files call it once per operation, after the enum:
/// `rt::operation_error!(GetThingError { NotFound, Conflict });`. The enum must have one
/// tuple variant per listed error, named like the error's struct, and the variant
/// `Unmodelled(UnmodelledError)` (codegen's `naming::UNMODELLED_VARIANT`). Every path in
/// the expansion is absolute, so a shape named `Option` or `Result` in the crate changes
/// nothing.
#[doc(hidden)]
#[macro_export]
macro_rules! operation_error {
    ($name:ident { $($variant:ident),* $(,)? }) => {
        impl $name {
            fn inner(&self) -> &dyn $crate::ServiceError {
                match self {
                    $( Self::$variant(e) => e, )*
                    Self::Unmodelled(e) => e,
                }
            }

            /// The HTTP status.
            pub fn status(&self) -> u16 {
                self.inner().view().status
            }

            /// The error code on the wire.
            pub fn code(&self) -> ::std::option::Option<&str> {
                self.inner().view().code
            }

            /// The error message.
            pub fn message(&self) -> ::std::option::Option<&str> {
                self.inner().view().message
            }

            /// The request id of the response (`x-amzn-RequestId`, or `x-request-id` in http-json).
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.inner().view().request_id
            }

            /// Whether sending the request again may succeed (429, 5xx, or a retryable error).
            pub fn is_retryable(&self) -> bool {
                self.inner().view().retryable
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.inner(), f)
            }
        }

        impl ::std::error::Error for $name {}

        impl $crate::ServiceError for $name {
            fn view(&self) -> $crate::ErrorView<'_> {
                self.inner().view()
            }
        }

        impl $crate::OperationError for $name {
            fn from_response(response: &$crate::ErrorResponse<'_>) -> Self {
                $(
                    if let ::std::option::Option::Some(e) = response.decode::<$variant>() {
                        return Self::$variant(e);
                    }
                )*
                Self::Unmodelled(response.unmodelled())
            }

            fn encode(&self) -> $crate::EncodedError {
                match self {
                    $( Self::$variant(e) => $crate::glue::encode_error(e), )*
                    Self::Unmodelled(e) => $crate::glue::encode_unmodelled(e),
                }
            }
        }

        impl ::std::convert::From<$crate::UnmodelledError> for $name {
            fn from(e: $crate::UnmodelledError) -> Self {
                Self::Unmodelled(e)
            }
        }

        $(
            impl ::std::convert::From<$variant> for $name {
                fn from(e: $variant) -> Self {
                    Self::$variant(e)
                }
            }
        )*
    };
}
