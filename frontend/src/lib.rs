//! The browser entry point: loads the site facts, then hydrates the server-rendered page.
//! Nothing else lives here.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        match app::browser::load_site().await {
            Ok(()) => leptos::mount::hydrate_body(app::App),
            // The page stays as the server sent it, and works as it does without JavaScript.
            Err(error) => leptos::logging::warn!("page not hydrated: {error}"),
        }
    });
}
