//! Conversions between JavaScript values and Rust, in one place. Nothing here trusts its
//! input: a wrong type is an `INVALID_ARGUMENT` error, never a trap.

use crate::error::Failure;
use js_sys::{Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// Reads `options[key]`: `undefined`/`null` (or no options object at all) give `None`.
pub fn field(options: &JsValue, key: &str) -> Result<Option<JsValue>, Failure> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    if !options.is_object() {
        return Err(Failure::argument("options must be an object"));
    }
    let value = Reflect::get(options, &key.into())
        .map_err(|_| Failure::argument(format!("cannot read options.{key}")))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// Bytes from a `Uint8Array` (or an `ArrayBuffer`).
pub fn bytes(value: &JsValue, what: &str) -> Result<Vec<u8>, Failure> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Ok(array.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(buffer).to_vec());
    }
    Err(Failure::argument(format!("{what} must be a Uint8Array")))
}

/// Optional bytes from `options[key]` (empty when absent).
pub fn optional_bytes(options: &JsValue, key: &str) -> Result<Vec<u8>, Failure> {
    match field(options, key)? {
        Some(value) => bytes(&value, &format!("options.{key}")),
        None => Ok(Vec::new()),
    }
}

/// A non-negative integer from `options[key]`.
pub fn optional_u64(options: &JsValue, key: &str) -> Result<Option<u64>, Failure> {
    match field(options, key)? {
        None => Ok(None),
        Some(value) => match value.as_f64() {
            Some(x) if x >= 0.0 && x.fract() == 0.0 && x <= 2f64.powi(53) => Ok(Some(x as u64)),
            _ => Err(Failure::argument(format!(
                "options.{key} must be a non-negative integer"
            ))),
        },
    }
}

/// A boolean from `options[key]` (false when absent).
pub fn optional_bool(options: &JsValue, key: &str) -> Result<bool, Failure> {
    match field(options, key)? {
        None => Ok(false),
        Some(value) => value
            .as_bool()
            .ok_or_else(|| Failure::argument(format!("options.{key} must be a boolean"))),
    }
}

/// A function from `options[key]`.
pub fn optional_function(options: &JsValue, key: &str) -> Result<Option<Function>, Failure> {
    match field(options, key)? {
        None => Ok(None),
        Some(value) => value
            .dyn_into::<Function>()
            .map(Some)
            .map_err(|_| Failure::argument(format!("options.{key} must be a function"))),
    }
}

/// Builds a plain object from (key, value) pairs.
pub fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

/// A fresh `Uint8Array` holding `bytes`.
pub fn uint8_array(bytes: &[u8]) -> JsValue {
    Uint8Array::from(bytes).into()
}

/// Milliseconds from a monotonic-enough clock (`Date.now()`; `std::time` is unavailable here).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
