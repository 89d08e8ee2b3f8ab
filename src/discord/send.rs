//! sipbot's own sending layer for the messages it posts by itself (auto-explain replies and
//! their follow-ups). With `DISCORD_API_BASE` set, serenity's ratelimiter is off (a proxy in
//! front of Discord does the limiting), so a 429 can still come back: it is retried after a
//! wait, as are 5xx answers and network errors, a bounded number of times.

use std::future::Future;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::http::HttpError;

/// The HTTP status of a failed REST call, if it got that far.
pub fn status(e: &serenity::Error) -> Option<u16> {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => Some(r.status_code.as_u16()),
        _ => None,
    }
}

/// Whether trying again may help: rate limits, server errors, connection trouble.
fn retryable(e: &serenity::Error) -> bool {
    match e {
        serenity::Error::Http(HttpError::Request(_)) => true,
        _ => matches!(status(e), Some(429) | Some(500..=599)),
    }
}

/// Attempts in all, and the first wait (doubled each time).
const ATTEMPTS: u32 = 4;
const FIRST_WAIT: Duration = Duration::from_millis(250);

/// Runs a REST call, retrying what may succeed later. `what` names the call in logs.
pub async fn with_retry<T, F, Fut>(what: &'static str, mut call: F) -> Result<T, serenity::Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, serenity::Error>>,
{
    let mut wait = FIRST_WAIT;
    let mut attempt = 1;
    loop {
        match call().await {
            Ok(v) => return Ok(v),
            Err(e) if attempt < ATTEMPTS && retryable(&e) => {
                // serenity does not hand back the Retry-After header; a 429 waits at least
                // a second, which covers Discord's per-route windows.
                let pause = if status(&e) == Some(429) {
                    wait.max(Duration::from_secs(1))
                } else {
                    wait
                };
                tracing::warn!(what, attempt, status = ?status(&e), error = %e, wait_ms = pause.as_millis() as u64, "retrying");
                tokio::time::sleep(pause).await;
                wait *= 2;
                attempt += 1;
            }
            Err(e) => {
                tracing::warn!(what, attempt, status = ?status(&e), error = %e, "giving up");
                return Err(e);
            }
        }
    }
}
