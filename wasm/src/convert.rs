//! Conversions between JavaScript values and Rust, in one place. Options come in and results go
//! out through serde (`serde-wasm-bindgen`; byte fields are `Uint8Array`s via `serde_bytes`),
//! and the clock is the page's or Node's `performance` (web-sys). Nothing here trusts its input:
//! a wrong type is an `INVALID_ARGUMENT` error, never a trap.

use crate::error::Failure;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// Reads an options object: `undefined`/`null` give the defaults; anything that is not an
/// object of the right field types is an `INVALID_ARGUMENT` error naming the problem.
pub fn options<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, Failure> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() {
        return Err(Failure::argument("options must be an object"));
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| Failure::argument(format!("invalid options: {e}")))
}

/// A result object: plain JavaScript objects, `Uint8Array` bytes and numbers.
pub fn result<T: Serialize>(value: &T) -> Result<JsValue, Failure> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new())
        .map_err(|e| Failure::internal(format!("cannot build the result: {e}")))
}

/// An optional function option (kept as the JavaScript value by serde): `undefined`/`null` give
/// `None`, anything else that is not a function is an `INVALID_ARGUMENT` error.
pub fn function(value: JsValue, name: &str) -> Result<Option<js_sys::Function>, Failure> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .dyn_into::<js_sys::Function>()
        .map(Some)
        .map_err(|_| Failure::argument(format!("options.{name} must be a function")))
}

/// Milliseconds from `performance.now()` (web-sys) where the host has it (browsers, workers,
/// Node), else `Date.now()`.
pub fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .filter(|p| js_sys::Reflect::get(p, &"now".into()).is_ok_and(|now| now.is_function()));
    match performance {
        Some(p) => p.unchecked_into::<web_sys::Performance>().now(),
        None => js_sys::Date::now(),
    }
}
