//! Running sipbot in production: Prometheus metrics and a health check on `METRICS_ADDR`,
//! the bound on concurrent handlers (a flood of events waits for nobody: past the bound,
//! auto-explain drops work and counts it), and in-flight tracking so that a shutdown finishes
//! the replies under way before closing the gateway.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::sync::{Notify, Semaphore, SemaphorePermit};

/// Handlers (auto-explain, direct questions, buttons) running at once, at most.
pub const MAX_CONCURRENT: usize = 64;
/// How long a shutdown waits for replies under way.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// The metric names, in one place.
pub mod names {
    pub const MESSAGES: &str = "sipbot_messages_scanned_total";
    pub const FINDINGS: &str = "sipbot_findings_total";
    pub const REPLIES: &str = "sipbot_replies_total";
    pub const REPLY_SECONDS: &str = "sipbot_reply_seconds";
    pub const COMMANDS: &str = "sipbot_commands_total";
    pub const RECONNECTS: &str = "sipbot_gateway_reconnects_total";
    pub const DROPPED: &str = "sipbot_events_dropped_total";
    pub const DB_ERRORS: &str = "sipbot_database_errors_total";
    pub const TRACKED: &str = "sipbot_tracked_entries";
}

/// One process has one metrics recorder; every bot started in it (tests start many) shares it.
fn recorder() -> Option<PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let buckets = [
                0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ];
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(names::REPLY_SECONDS.into()), &buckets)
                .ok()?;
            match builder.install_recorder() {
                Ok(h) => Some(h),
                Err(e) => {
                    tracing::warn!(error = %e, "metrics are off: another recorder is installed");
                    None
                }
            }
        })
        .clone()
}

pub struct Ops {
    /// The gateway is connected (READY or RESUMED seen, not disconnected since).
    pub gateway_up: AtomicBool,
    /// READY seen at least once: later READYs and RESUMEDs are reconnects.
    pub seen_ready: AtomicBool,
    /// Shutting down: new events are ignored.
    pub stopping: AtomicBool,
    inflight: AtomicUsize,
    idle: Notify,
    permits: Semaphore,
    metrics: Option<PrometheusHandle>,
}

/// A handler at work: holds a permit and counts as in flight until dropped.
pub struct Working<'a> {
    ops: &'a Ops,
    _permit: SemaphorePermit<'a>,
}

impl Drop for Working<'_> {
    fn drop(&mut self) {
        if self.ops.inflight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.ops.idle.notify_waiters();
        }
    }
}

impl Default for Ops {
    fn default() -> Self {
        Ops::new()
    }
}

impl Ops {
    pub fn new() -> Ops {
        Ops {
            gateway_up: AtomicBool::new(false),
            seen_ready: AtomicBool::new(false),
            stopping: AtomicBool::new(false),
            inflight: AtomicUsize::new(0),
            idle: Notify::new(),
            permits: Semaphore::new(MAX_CONCURRENT),
            metrics: recorder(),
        }
    }

    /// Starts a unit of work, or `None` when shutting down or at the bound (counted).
    pub fn begin(&self, what: &'static str) -> Option<Working<'_>> {
        if self.stopping.load(Ordering::SeqCst) {
            metrics::counter!(names::DROPPED, "reason" => "stopping", "what" => what).increment(1);
            return None;
        }
        let Ok(permit) = self.permits.try_acquire() else {
            metrics::counter!(names::DROPPED, "reason" => "overload", "what" => what).increment(1);
            return None;
        };
        self.inflight.fetch_add(1, Ordering::SeqCst);
        Some(Working {
            ops: self,
            _permit: permit,
        })
    }

    pub fn inflight(&self) -> usize {
        self.inflight.load(Ordering::SeqCst)
    }

    /// Stops taking work and waits (at most `limit`) for the work under way.
    pub async fn drain(&self, limit: Duration) -> bool {
        self.stopping.store(true, Ordering::SeqCst);
        let wait = async {
            loop {
                let notified = self.idle.notified();
                if self.inflight() == 0 {
                    return;
                }
                notified.await;
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }

    /// A READY or RESUMED: connected; counts a reconnect after the first READY.
    pub fn connected(&self, resumed: bool) {
        let again = self.seen_ready.swap(true, Ordering::SeqCst);
        if again || resumed {
            metrics::counter!(names::RECONNECTS).increment(1);
        }
        self.gateway_up.store(true, Ordering::SeqCst);
    }

    pub fn render_metrics(&self) -> String {
        self.metrics
            .as_ref()
            .map(|h| h.render())
            .unwrap_or_default()
    }
}

/// Serves `/healthz` and `/metrics` on `addr` until the process ends.
pub async fn serve(addr: SocketAddr, ops: Arc<Ops>) -> std::io::Result<SocketAddr> {
    use axum::http::StatusCode;
    use axum::routing::get;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let health_ops = ops.clone();
    let app = axum::Router::new()
        .route(
            "/healthz",
            get(move || {
                let ops = health_ops.clone();
                async move {
                    if ops.gateway_up.load(Ordering::SeqCst) {
                        (StatusCode::OK, "ok: gateway connected\n")
                    } else {
                        (
                            StatusCode::SERVICE_UNAVAILABLE,
                            "unavailable: gateway not connected\n",
                        )
                    }
                }
            }),
        )
        .route(
            "/metrics",
            get(move || {
                let ops = ops.clone();
                async move { ops.render_metrics() }
            }),
        );
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the metrics server stopped");
        }
    });
    tracing::info!(addr = %local, "metrics and health on http://{local}/metrics and /healthz");
    Ok(local)
}
