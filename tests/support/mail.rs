//! Reads the mails the server wrote to its outbox folder (`.eml` files) and decodes
//! their plain-text part, so tests can follow the links in them like a person would.
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Mail {
    pub file: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub raw: String,
}

impl Mail {
    /// The first link in the text that starts with `prefix` (e.g. the server URL + path).
    pub fn link(&self, prefix: &str) -> Option<String> {
        let start = self.text.find(prefix)?;
        let rest = &self.text[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }
}

pub fn read_all(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|path| {
            let raw = std::fs::read_to_string(path).ok()?;
            Some(parse(&path.display().to_string(), &raw))
        })
        .collect()
}

/// Waits (up to 10 s) until a mail to `to` matching `filter` is in the outbox.
pub async fn wait_for(dir: &Path, to: &str, filter: impl Fn(&Mail) -> bool) -> Mail {
    for _ in 0..200 {
        if let Some(mail) = read_all(dir)
            .into_iter()
            .rev()
            .find(|m| m.to.contains(to) && filter(m))
        {
            return mail;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "no matching mail to {to} in {}; found: {:?}",
        dir.display(),
        read_all(dir)
            .iter()
            .map(|m| (&m.to, &m.subject))
            .collect::<Vec<_>>()
    );
}

/// The mails to `to` that match `filter`, once there are at least `expected` of them
/// (the mail job writes them shortly after they are queued), or after 5 s.
pub async fn wait_for_count(
    dir: &Path,
    to: &str,
    expected: usize,
    filter: impl Fn(&Mail) -> bool,
) -> Vec<Mail> {
    let mut found = Vec::new();
    for _ in 0..100 {
        found = read_all(dir)
            .into_iter()
            .filter(|m| m.to.contains(to) && filter(m))
            .collect();
        if found.len() >= expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    found
}

/// A small MIME reader: headers, then the `text/plain` part, decoded from
/// quoted-printable or base64.
pub fn parse(file: &str, raw: &str) -> Mail {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let header = |name: &str| -> String {
        let mut value = String::new();
        let mut in_header = false;
        for line in head.lines() {
            if in_header && (line.starts_with(' ') || line.starts_with('\t')) {
                value.push_str(line.trim_start());
                continue;
            }
            in_header = false;
            if let Some((key, v)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = v.trim().to_string();
                in_header = true;
            }
        }
        decode_words(&value)
    };
    let text = plain_part(body).unwrap_or_default();
    Mail {
        file: file.to_string(),
        to: header("To"),
        subject: header("Subject"),
        text,
        raw,
    }
}

fn plain_part(body: &str) -> Option<String> {
    let start = body.find("Content-Type: text/plain")?;
    let part = &body[start..];
    let (part_head, rest) = part.split_once("\n\n")?;
    let end = rest.find("\n--").unwrap_or(rest.len());
    let content = &rest[..end];
    let encoding = part_head.to_ascii_lowercase();
    Some(if encoding.contains("quoted-printable") {
        decode_qp(content)
    } else if encoding.contains("base64") {
        decode_base64(&content.split_whitespace().collect::<String>())
    } else {
        content.to_string()
    })
}

fn decode_qp(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let Some(value) = ALPHABET.iter().position(|&a| a == c) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 2047 encoded words (`=?utf-8?b?...?=` / `?q?`) in headers.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("=?") {
        out.push_str(&rest[..start]);
        let word = &rest[start + 2..];
        let parts: Vec<&str> = word.splitn(3, '?').collect();
        if parts.len() == 3
            && let Some(end) = parts[2].find("?=")
        {
            let data = &parts[2][..end];
            if parts[1].eq_ignore_ascii_case("b") {
                out.push_str(&decode_base64(data));
            } else {
                out.push_str(&decode_qp(&data.replace('_', " ")));
            }
            rest = &parts[2][end + 2..];
            rest = rest.trim_start();
        } else {
            out.push_str("=?");
            rest = word;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_quoted_printable_and_base64() {
        assert_eq!(decode_qp("Hallo =C3=A4=\nb"), "Hallo äb");
        assert_eq!(decode_base64("SGVsbG8gw6Q="), "Hello ä");
        assert_eq!(decode_words("=?utf-8?b?SGVsbG8gw6Q=?="), "Hello ä");
    }
}
