//! Listening: [`serve`] accepts connections up to the cap on their number and serves each
//! with hyper's HTTP/1.1, under the header and idle timeouts, until [`ServerHandle::shutdown`].

use super::handler::Shared;
use super::idle::{idle, Activity, Busy, Watched};
use super::pipeline::handle;
use super::ServerConfig;
use crate::server::Dispatch;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};

/// A running server. Dropping the handle leaves the server running until the runtime
/// stops; [`ServerHandle::shutdown`] stops it gracefully.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
}

impl ServerHandle {
    /// The address the server listens on (useful after binding port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections, lets requests in flight finish, closes idle
    /// keep-alive connections, and returns once every connection is closed.
    pub async fn shutdown(self) {
        // Ignored error: no receiver left means everything has already stopped.
        let _ = self.shutdown.send(true);
        self.shutdown.closed().await;
    }
}

/// Serves `dispatch` on `listener` until [`ServerHandle::shutdown`]. Must be called from
/// within a tokio runtime, on which the server's tasks run.
pub fn serve<D: Dispatch>(
    listener: TcpListener,
    dispatch: D,
    config: ServerConfig,
) -> std::io::Result<ServerHandle> {
    let addr = listener.local_addr()?;
    let (tx, rx) = watch::channel(false);
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let shared = Arc::new(Shared { dispatch, config });
    tokio::spawn(accept_loop(listener, shared, slots, rx));
    Ok(ServerHandle { addr, shutdown: tx })
}

/// Accepts connections while fewer than `max_connections` are open (one permit of `slots`
/// each); at the cap it does not call `accept`, so new connections wait in the backlog.
async fn accept_loop<D: Dispatch>(
    listener: TcpListener,
    shared: Arc<Shared<D>>,
    slots: Arc<Semaphore>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                // The semaphore is never closed; if it were, no connection could be served.
                Err(_) => return,
            },
            _ = stop_requested(&mut shutdown) => return,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop_requested(&mut shutdown) => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: back off instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        // Ignored error: responses are small, so Nagle would only add latency.
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(stream, shared.clone(), shutdown.clone(), permit));
    }
}

/// Resolves when [`ServerHandle::shutdown`] asks the server to stop; never when the handle
/// was dropped instead, so that dropping it leaves the server running, as documented.
async fn stop_requested(shutdown: &mut watch::Receiver<bool>) {
    if shutdown.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Serves one connection; the `shutdown` receiver it holds keeps `shutdown()` waiting, and
/// the `_slot` it holds counts it against `max_connections` until it ends.
async fn connection<D: Dispatch>(
    stream: tokio::net::TcpStream,
    shared: Arc<Shared<D>>,
    mut shutdown: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let header_timeout = shared.config.header_read_timeout;
    let idle_timeout = shared.config.idle_timeout;
    let activity = Arc::new(Activity::new());
    let io = Watched {
        io: stream,
        activity: activity.clone(),
    };
    let busy = activity.clone();
    let service = hyper::service::service_fn(move |request| {
        // Counted from the moment hyper hands the request over until the response is ready
        // (or the request is abandoned), so the idle timer leaves it alone meanwhile.
        let busy = Busy::new(busy.clone());
        let shared = shared.clone();
        async move {
            let response = handle(&shared, request).await;
            drop(busy);
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    // Ignored errors: a client that goes away mid-request is not the server's problem.
    // An idle connection is dropped, which closes it: nothing is pending on it by definition
    // (and a response its client stopped reading is abandoned).
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = idle(&activity, idle_timeout) => {}
        _ = stop_requested(&mut shutdown) => {
            conn.as_mut().graceful_shutdown();
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = idle(&activity, idle_timeout) => {}
            }
        }
    }
}
