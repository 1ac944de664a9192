//! The pages' static files, embedded in the binary at compile time, so that
//! `natosim serve` works from any directory with nothing else installed.
//!
//! Only names embedded at build time can be served: the client's path is a
//! key into a compiled-in table, never a file-system path, so `..` and
//! absolute paths cannot reach the disk.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

/// `crates/natosim-web/assets/**`, embedded in every build profile
/// (`debug-embed`), so tests see exactly what a release binary serves.
#[derive(RustEmbed)]
#[folder = "assets/"]
#[allow_missing = true]
struct Assets;

/// The embedded file `name` (relative to `assets/`), if there is one.
pub fn get(name: &str) -> Option<std::borrow::Cow<'static, [u8]>> {
    Assets::get(name).map(|f| f.data)
}

/// Names of all embedded files.
pub fn names() -> Vec<String> {
    Assets::iter().map(|n| n.into_owned()).collect()
}

/// The content type of `name`, by its extension.
pub fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The response serving embedded file `name`, or a JSON 404.
pub fn respond(name: &str) -> Response {
    match get(name) {
        Some(data) => {
            let mut r = (StatusCode::OK, data.into_owned()).into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(name)),
            );
            // The assets change with the binary; a page reload after an
            // upgrade must not run yesterday's script against today's API.
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            h.insert(
                "x-content-type-options",
                HeaderValue::from_static("nosniff"),
            );
            r
        }
        None => crate::api::ApiError::not_found(format!(
            "no asset `{name}` (the workbench serves only the files embedded at build time)"
        ))
        .into_response(),
    }
}
