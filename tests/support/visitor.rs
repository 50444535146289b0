//! A visitor without JavaScript: keeps cookies, sends plain form posts from our own
//! pages (with `Origin`, `Referer` and `Accept: text/html`, as a browser does) and does
//! not follow redirects, so tests can check where each step leads.
use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, HeaderMap, HeaderValue, LOCATION};
use reqwest::{Client, Response, StatusCode};

pub struct Visitor {
    pub client: Client,
    pub base: String,
}

impl Visitor {
    /// `base` is `http://127.0.0.1:port`; pages come in English to keep assertions readable.
    pub fn new(base: &str) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("en"));
        let client = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap_or_else(|e| panic!("http client: {e}"));
        Self {
            client,
            base: base.trim_end_matches('/').to_string(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e:?}"))
    }

    /// This person's data download (`/account/export.json`) as JSON; panics unless it
    /// is one.
    pub async fn export(&self) -> serde_json::Value {
        self.get("/account/export.json")
            .await
            .json()
            .await
            .unwrap_or_else(|e| panic!("data download: {e}"))
    }

    /// The page's HTML; panics unless the status is 200.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    /// Submits a form as a browser without JavaScript does, from the page `from`.
    pub async fn submit(&self, from: &str, action: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(action))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header("origin", &self.base)
            .header("referer", self.url(from))
            .form(fields)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {action}: {e}"))
    }

    /// Submits a form and returns the page it leads to (one redirect, as a browser).
    pub async fn submit_and_follow(
        &self,
        from: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> (String, String) {
        let response = self.submit(from, action, fields).await;
        let to = location(&response)
            .unwrap_or_else(|| panic!("POST {action} did not redirect: {}", response.status()));
        let page = self.page(&to).await;
        (to, page)
    }

    /// Sends a multipart form (file uploads) as a browser does, from the page `from`.
    pub async fn upload(
        &self,
        from: &str,
        action: &str,
        form: reqwest::multipart::Form,
    ) -> Response {
        self.client
            .post(self.url(action))
            .header(ACCEPT, "text/html,application/xhtml+xml")
            .header("origin", &self.base)
            .header("referer", self.url(from))
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {action}: {e}"))
    }

    /// Publishes a post through the new-post form (no JavaScript) and returns its id.
    pub async fn create_post(&self, kind: &str, category: &str, place: &str, title: &str) -> i64 {
        let fields = [
            ("kind", kind),
            ("category", category),
            ("municipality", place),
            ("title", title),
            ("description", "Bitte melden."),
            ("quantity", ""),
            ("availability", ""),
            ("urgency", "normal"),
            ("language", "de"),
        ];
        let response = self.submit("/posts/new", "/fn/posts/create", &fields).await;
        let at =
            location(&response).unwrap_or_else(|| panic!("not created: {}", response.status()));
        at.trim_start_matches("/posts/")
            .parse()
            .unwrap_or_else(|_| panic!("not a post address: {at}"))
    }

    /// Logs in through the login form (no JavaScript); panics unless it succeeds.
    pub async fn log_in(&self, email: &str, password: &str) {
        let response = self
            .submit(
                "/login",
                "/fn/account/login",
                &[("email", email), ("password", password), ("next", "")],
            )
            .await;
        let to = location(&response).unwrap_or_default();
        assert_eq!(to, "/account", "login of {email} failed");
    }

    /// Creates a welcome circle in `place` (as an administrator) and returns its
    /// profile's address.
    pub async fn create_organisation(&self, name: &str, place: &str) -> String {
        let response = self
            .submit(
                "/admin/organisations/new",
                "/fn/organisations/save",
                &[
                    ("existing", ""),
                    ("name", name),
                    ("slug", ""),
                    ("kind", "welcome_circle"),
                    ("municipality", place),
                    ("description", "Wir treffen uns montags."),
                    ("contact_email", "kreis@example.org"),
                ],
            )
            .await;
        location(&response).unwrap_or_else(|| panic!("not created: {}", response.status()))
    }

    /// Answers post `post_id` ("I can help" / "I'm interested") with `message` and
    /// returns the new conversation's address.
    pub async fn answer(&self, post_id: i64, message: &str) -> String {
        let id = post_id.to_string();
        let (at, _) = self
            .submit_and_follow(
                &format!("/posts/{post_id}"),
                "/fn/conversations/start",
                &[("post_id", &id), ("message", message)],
            )
            .await;
        assert!(at.starts_with("/conversations/"), "no conversation: {at}");
        at
    }

    /// Calls a `GET` server function as the WASM client does (`path` with its query).
    pub async fn fetch(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .header(ACCEPT, "application/json")
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// Calls a server function as the WASM client does (no redirect, data back).
    pub async fn call(&self, action: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(action))
            .header(ACCEPT, "application/json")
            .header("origin", &self.base)
            .form(fields)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {action}: {e}"))
    }
}

pub fn location(response: &Response) -> Option<String> {
    response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The visible text of an HTML page, roughly: tags removed, entities for quotes decoded.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
