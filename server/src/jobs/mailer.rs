//! Sends the mail outbox: through SMTP when `SMTP_URL` is set, otherwise as `.eml`
//! files in `OUTBOX_DIR` (so a local run shows exactly what would have gone out).
//!
//! Each mail is leased before sending, so a second worker (another instance) skips it.
//! A failed mail is retried with exponential backoff: 1, 2, 4 … minutes, at most six
//! hours apart, up to `MAX_ATTEMPTS` times; the last error stays in the row.
use app::ssr::db::outbox::{self, MailRow};
use app::ssr::db::{Db, now};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};

pub const MAX_ATTEMPTS: i64 = 10;
/// How long a worker may take to send a leased mail before another may try.
const LEASE_SECS: i64 = 120;
const BATCH: i64 = 20;
/// Even without a wake-up, look for due retries this often.
const POLL: Duration = Duration::from_secs(15);

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("SMTP_URL is not valid: {0}")]
    SmtpUrl(#[source] lettre::transport::smtp::Error),
    #[error("MAIL_FROM `{0}` is not a mail address")]
    From(String),
    #[error("cannot create the outbox folder {path}: {source}")]
    OutboxDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Debug, thiserror::Error)]
enum SendError {
    #[error("recipient `{0}` is not a mail address")]
    Recipient(String),
    #[error("building the message: {0}")]
    Build(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("writing {path}: {source}")]
    File {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

pub struct Mailer {
    db: Db,
    transport: Transport,
    from: Mailbox,
    wakeup: Arc<Notify>,
}

impl Mailer {
    pub fn new(
        db: Db,
        smtp_url: Option<&str>,
        outbox_dir: PathBuf,
        from: &str,
        sender_name: &str,
        wakeup: Arc<Notify>,
    ) -> Result<Self, MailError> {
        let address = from
            .parse()
            .map_err(|_| MailError::From(from.to_string()))?;
        let from = Mailbox::new(Some(sender_name.to_string()), address);
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(MailError::SmtpUrl)?
                    .timeout(Some(Duration::from_secs(20)))
                    .build(),
            ),
            None => {
                std::fs::create_dir_all(&outbox_dir).map_err(|source| MailError::OutboxDir {
                    path: outbox_dir.display().to_string(),
                    source,
                })?;
                Transport::Files(outbox_dir)
            }
        };
        Ok(Self {
            db,
            transport,
            from,
            wakeup,
        })
    }

    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP".to_string(),
            Transport::Files(dir) => format!(".eml files in {}", dir.display()),
        }
    }

    /// Sends until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                break;
            }
            if let Err(err) = self.drain().await {
                tracing::error!(error = %err, "mail outbox: cannot read due mails");
            }
            tokio::select! {
                _ = self.wakeup.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => {}
            }
        }
    }

    /// Sends every due mail; returns how many were sent.
    pub async fn drain(&self) -> Result<usize, sqlx::Error> {
        let mut sent = 0;
        loop {
            let started = now();
            let batch = {
                let mut conn = self.db.pool().acquire().await?;
                outbox::claim_due(
                    &mut conn,
                    started,
                    started + LEASE_SECS,
                    MAX_ATTEMPTS,
                    BATCH,
                )
                .await?
            };
            if batch.is_empty() {
                return Ok(sent);
            }
            for mail in batch {
                let result = self.send(&mail).await;
                let mut conn = self.db.pool().acquire().await?;
                match result {
                    Ok(()) => {
                        outbox::mark_sent(&mut conn, mail.id, now()).await?;
                        sent += 1;
                    }
                    Err(err) => {
                        let wait = backoff_secs(mail.attempts);
                        tracing::warn!(mail_id = mail.id, attempt = mail.attempts + 1, retry_in_secs = wait, error = %err, "sending a mail failed");
                        outbox::mark_failed(&mut conn, mail.id, now() + wait, &err.to_string())
                            .await?;
                    }
                }
            }
        }
    }

    async fn send(&self, mail: &MailRow) -> Result<(), SendError> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|_| SendError::Recipient(mail.recipient.clone()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(mail.body_text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(mail.body_html.clone()),
                    ),
            )?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::Files(dir) => {
                let path = dir.join(format!("{:08}.eml", mail.id));
                let partial = dir.join(format!("{:08}.eml.partial", mail.id));
                let write = async {
                    tokio::fs::write(&partial, message.formatted()).await?;
                    tokio::fs::rename(&partial, &path).await
                };
                write.await.map_err(|source| SendError::File {
                    path: path.display().to_string(),
                    source,
                })?;
            }
        }
        Ok(())
    }
}

/// Seconds to wait after the `attempts`-th failure: 1, 2, 4 … minutes, at most 6 hours.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(0, 16)).unwrap_or(16);
    (60_i64 << exponent).min(6 * 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_secs(0), 60);
        assert_eq!(backoff_secs(1), 120);
        assert_eq!(backoff_secs(3), 480);
        assert_eq!(backoff_secs(9), 6 * 3600);
        assert_eq!(backoff_secs(-5), 60);
    }
}
