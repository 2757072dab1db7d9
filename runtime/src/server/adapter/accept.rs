//! Listening: [`serve`] accepts connections up to the cap on their number (shedding, at the
//! cap, connections that wait for a request) and serves each with hyper's HTTP/1.1, under
//! the header and idle timeouts of its `guard`, until [`ServerHandle::shutdown`].

use super::connections::{Connections, PeerCheck, Registered};
use super::guard::{Busy, Deadlines, Watched};
use super::handler::Shared;
use super::pipeline::handle;
use super::ServerConfig;
use crate::server::Dispatch;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

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
    let connections = Arc::new(Connections::new(config.max_connections_per_peer));
    let shared = Arc::new(Shared { dispatch, config });
    tokio::spawn(accept_loop(listener, shared, slots, connections, rx));
    Ok(ServerHandle { addr, shutdown: tx })
}

/// How often the accept loop, holding a new connection at the cap while every connection
/// has a request in flight, looks again for one that can be shed.
const RESHED: Duration = Duration::from_millis(100);

/// Accepts connections, each holding one permit of `slots` (`max_connections`). At the cap
/// a new connection takes the place of one shed (see [`ServerConfig::max_connections`]),
/// or waits for one to close while every connection has a request in flight, and while it
/// waits the loop accepts nothing, so later connections wait in the backlog.
async fn accept_loop<D: Dispatch>(
    listener: TcpListener,
    shared: Arc<Shared<D>>,
    slots: Arc<Semaphore>,
    connections: Arc<Connections>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop_requested(&mut shutdown) => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            // Out of file descriptors and the like: back off instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let peer_check = connections.check_peer(peer.ip());
        if peer_check == PeerCheck::Refuse {
            // Closed without a word: the peer has its limit of connections, all busy.
            drop(stream);
            continue;
        }
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            // A connection of the peer's own, shed just now, frees a slot too.
            Err(_) => match free_slot(
                &slots,
                &connections,
                peer_check == PeerCheck::Shed,
                &mut shutdown,
            )
            .await
            {
                Some(permit) => permit,
                None => break,
            },
        };
        // Its timeouts count from here, once it has a slot, however long it waited for one.
        let opened = Instant::now();
        // Ignored error: responses are small, so Nagle would only add latency.
        let _ = stream.set_nodelay(true);
        let registered = connections.register(peer.ip(), opened);
        let guard = Guard {
            registered,
            slot: permit,
            epoch: connections.epoch(),
            opened,
            shutdown: shutdown.clone(),
        };
        tokio::spawn(connection(stream, shared.clone(), guard));
    }
    connections.close_all();
}

/// A slot for a connection accepted at the cap: sheds the connection that has waited
/// longest for a request (unless one was `shed` for this connection already) and takes its
/// slot once it has closed; when every connection has a request in flight, waits for one to
/// close, looking again every [`RESHED`]. `None` when the server is shutting down.
async fn free_slot(
    slots: &Arc<Semaphore>,
    connections: &Connections,
    mut shed: bool,
    shutdown: &mut watch::Receiver<bool>,
) -> Option<OwnedSemaphorePermit> {
    loop {
        if !shed {
            connections.shed_oldest();
        }
        shed = false;
        tokio::select! {
            // The semaphore is never closed; if it were, no connection could be served.
            permit = slots.clone().acquire_owned() => return permit.ok(),
            _ = tokio::time::sleep(RESHED) => {}
            _ = stop_requested(shutdown) => return None,
        }
    }
}

/// Resolves when [`ServerHandle::shutdown`] asks the server to stop; never when the handle
/// was dropped instead, so that dropping it leaves the server running, as documented.
async fn stop_requested(shutdown: &mut watch::Receiver<bool>) {
    if shutdown.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// What a connection holds while it is open: its place among the open connections (with
/// its activity and the request to close), its permit of `max_connections`, and a
/// receiver of the shutdown channel, which keeps [`ServerHandle::shutdown`] waiting.
struct Guard {
    registered: Registered,
    slot: OwnedSemaphorePermit,
    epoch: Instant,
    opened: Instant,
    shutdown: watch::Receiver<bool>,
}

/// Serves one connection until it ends, its timer closes it (header or idle timeout), or
/// the server asks it to close (shed at the cap, or shutdown): at once if it is waiting for
/// a request, else once its request has been answered.
async fn connection<D: Dispatch>(
    stream: tokio::net::TcpStream,
    shared: Arc<Shared<D>>,
    guard: Guard,
) {
    let Guard {
        registered,
        slot: _slot,
        epoch,
        opened,
        shutdown: _shutdown,
    } = guard;
    let Registered {
        registration: _registration,
        activity,
        mut close,
    } = registered;
    let config = &shared.config;
    let mut deadlines = Deadlines::new(
        config.idle_timeout,
        config.header_read_timeout,
        opened,
        epoch,
    );
    let io = Watched {
        io: stream,
        activity: activity.clone(),
    };
    let busy = activity.clone();
    let service_shared = shared.clone();
    let service = hyper::service::service_fn(move |request| {
        // Counted from the moment hyper hands the request over until the response is ready
        // (or the request is abandoned), so that the connection is neither timed out nor
        // shed meanwhile.
        let busy = Busy::new(busy.clone());
        let shared = service_shared.clone();
        async move {
            let response = handle(&shared, request).await;
            drop(busy);
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    // No hyper timer: the header timeout is the connection's own (`deadlines`), on one
    // timer per connection rather than one per request.
    let conn = hyper::server::conn::http1::Builder::new()
        .header_read_timeout(None)
        .serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    let timer = tokio::time::sleep_until(deadlines.first_tick());
    tokio::pin!(timer);
    let mut asked_to_close = false;
    // Ignored errors: a client that goes away mid-request is not the server's problem.
    // A connection closed by its timer or shed is dropped, which closes it: nothing is
    // pending on it (and a response its client stopped reading is abandoned).
    loop {
        tokio::select! {
            // The connection first: it is what every wake-up is for but a few a timeout.
            biased;
            _ = conn.as_mut() => return,
            _ = timer.as_mut() => match deadlines.tick(&activity, Instant::now()) {
                Ok(next) => timer.as_mut().reset(next),
                Err(_) => return,
            },
            _ = &mut close, if !asked_to_close => {
                asked_to_close = true;
                if activity.sheddable() {
                    return;
                }
                // Answers the request in flight, then closes.
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}
