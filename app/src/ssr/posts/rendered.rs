//! Listing pages as rendered for visitors who are not signed in, kept so that the next
//! such visitor gets the same page without rendering it again. Such a page differs
//! between two visitors only in the script nonce of the Content-Security-Policy, which
//! must be new for every response; so a page is kept cut at each place its nonce stood,
//! and put together with the next visitor's nonce. Which requests may use this is the
//! server's page-cache middleware's decision (`server/src/middleware/page_cache.rs`).
use axum::body::Bytes;
use http::HeaderMap;

/// A page address (path and query) in one language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RenderedKey {
    pub path_and_query: String,
    pub locale: String,
}

#[derive(Debug)]
pub struct RenderedPage {
    /// The headers the page was rendered with (never `Set-Cookie`; see the middleware).
    pub headers: HeaderMap,
    /// The body, cut where the nonce stood.
    pieces: Vec<Bytes>,
}

impl RenderedPage {
    /// Keeps `body`, rendered with `nonce`. `None` when the body is not text or does not
    /// contain the nonce at all (then it is not a page rendered for this request).
    pub fn new(headers: HeaderMap, body: &[u8], nonce: &str) -> Option<Self> {
        let text = std::str::from_utf8(body).ok()?;
        if nonce.is_empty() || !text.contains(nonce) {
            return None;
        }
        let pieces = text
            .split(nonce)
            .map(|piece| Bytes::copy_from_slice(piece.as_bytes()))
            .collect();
        Some(Self { headers, pieces })
    }

    /// The body with `nonce` wherever the original nonce stood.
    pub fn body(&self, nonce: &str) -> Vec<u8> {
        let joins = self.pieces.len().saturating_sub(1);
        let size = self.pieces.iter().map(Bytes::len).sum::<usize>() + joins * nonce.len();
        let mut body = Vec::with_capacity(size);
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_visitor_gets_the_page_with_their_own_nonce() {
        let page = r#"<script nonce="aaa1">x</script><p>Sofa</p><script nonce="aaa1">y</script>"#;
        let kept = RenderedPage::new(HeaderMap::new(), page.as_bytes(), "aaa1");
        let kept = kept.unwrap_or_else(|| panic!("a page with its nonce is kept"));
        assert_eq!(
            String::from_utf8(kept.body("bbb2")).ok().as_deref(),
            Some(r#"<script nonce="bbb2">x</script><p>Sofa</p><script nonce="bbb2">y</script>"#)
        );
        assert_eq!(kept.body("aaa1"), page.as_bytes());
    }

    #[test]
    fn a_body_without_the_nonce_is_not_kept() {
        assert!(RenderedPage::new(HeaderMap::new(), b"<p>plain</p>", "aaa1").is_none());
        assert!(RenderedPage::new(HeaderMap::new(), b"<p>aaa1</p>", "").is_none());
        assert!(RenderedPage::new(HeaderMap::new(), &[0xff, 0xfe], "aaa1").is_none());
    }
}
