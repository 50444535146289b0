//! Errors from reading a tenant folder. Each problem names the file, line, column and
//! field, so an operator can fix `tenant.toml` without reading Rust.
use std::fmt;
use std::path::PathBuf;

/// One thing wrong in a tenant file.
#[derive(Debug, Clone, PartialEq)]
pub struct TenantIssue {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// Dotted path of the field, e.g. `municipalities[2].slug`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for TenantIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: field `{}`: {}",
            self.file.display(),
            self.line,
            self.column,
            self.field,
            self.message
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    #[error("cannot read tenant file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", render_issues(.0))]
    Invalid(Vec<TenantIssue>),
}

impl TenantError {
    /// The individual problems (empty for read errors).
    pub fn issues(&self) -> &[TenantIssue] {
        match self {
            TenantError::Invalid(issues) => issues,
            TenantError::Read { .. } => &[],
        }
    }
}

fn render_issues(issues: &[TenantIssue]) -> String {
    let mut out = format!(
        "the tenant configuration has {} problem{}:",
        issues.len(),
        if issues.len() == 1 { "" } else { "s" }
    );
    for issue in issues {
        out.push_str("\n  ");
        out.push_str(&issue.to_string());
    }
    out
}

/// 1-based line and column of a byte offset in `source`.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before
        .get(line_start..)
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_handles_unicode() {
        let src = "a = 1\nname = \"Fürstenberg\"\nx";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        let x = src.rfind('x').unwrap_or_default();
        assert_eq!(line_col(src, x), (3, 1));
        assert_eq!(line_col(src, 10_000), (3, 2));
    }
}
