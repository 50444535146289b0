//! The browser entry point: takes over the islands of the server-rendered page (see
//! `app::shell`). Nothing else lives here.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::hydrate_islands();
}
