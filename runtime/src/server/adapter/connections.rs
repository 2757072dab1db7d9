//! The open connections of a server, for the accept loop: which one to shed at the cap
//! (the one that has waited longest for a request, among those with none in flight), how
//! many each peer address has open, and a way to ask each to close (shed, or shutdown).

use super::guard::{millis_since, Activity};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::oneshot;
use tokio::time::Instant;

/// The open connections. Locked when a connection opens or closes and when the accept loop
/// looks for one to shed, never while a request is handled.
pub(super) struct Connections {
    table: Mutex<Table>,
    /// [`ServerConfig::max_connections_per_peer`](super::ServerConfig::max_connections_per_peer).
    per_peer: Option<usize>,
    /// The server's start, the origin of [`Activity::waiting_since`].
    epoch: Instant,
}

#[derive(Default)]
struct Table {
    /// Slots of open connections; `None` where one closed, reused through `free`.
    slots: Vec<Option<Entry>>,
    free: Vec<usize>,
    /// Connections open per peer address, kept only with a per-peer limit.
    peers: HashMap<IpAddr, usize>,
    /// The next connection's number, which orders connections opened within one tick.
    next: u64,
}

struct Entry {
    number: u64,
    peer: IpAddr,
    activity: Arc<Activity>,
    /// Taken once the connection has been asked to close.
    close: Option<oneshot::Sender<()>>,
}

/// One open connection's place in [`Connections`], freed when dropped.
pub(super) struct Registration {
    connections: Arc<Connections>,
    slot: usize,
}

/// What a connection needs from its registration: its activity and the request to close.
pub(super) struct Registered {
    pub(super) registration: Registration,
    pub(super) activity: Arc<Activity>,
    /// Resolves when the server asks the connection to close: at once if it is waiting for
    /// a request, after its answer otherwise.
    pub(super) close: oneshot::Receiver<()>,
}

/// Whether a new connection from a peer may be served.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum PeerCheck {
    /// Under its limit (or no limit).
    Admit,
    /// At its limit; one of its own connections was asked to close to make room.
    Shed,
    /// At its limit with every connection busy: the new connection is refused.
    Refuse,
}

impl Connections {
    pub(super) fn new(per_peer: Option<usize>) -> Self {
        Connections {
            table: Mutex::new(Table::default()),
            // As with `max_connections`, a limit of 0 would serve no one: at least 1.
            per_peer: per_peer.map(|limit| limit.max(1)),
            epoch: Instant::now(),
        }
    }

    pub(super) fn epoch(&self) -> Instant {
        self.epoch
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        // A panic while holding the lock leaves the table consistent (every change is one
        // assignment), so a poisoned lock is used as is.
        self.table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a connection from `peer`, opened at `opened`.
    pub(super) fn register(self: &Arc<Self>, peer: IpAddr, opened: Instant) -> Registered {
        let activity = Arc::new(Activity::new(millis_since(self.epoch, opened)));
        let (tx, rx) = oneshot::channel();
        let mut table = self.lock();
        let number = table.next;
        table.next += 1;
        let entry = Entry {
            number,
            peer,
            activity: activity.clone(),
            close: Some(tx),
        };
        let slot = match table.free.pop() {
            Some(slot) => {
                table.slots[slot] = Some(entry);
                slot
            }
            None => {
                table.slots.push(Some(entry));
                table.slots.len() - 1
            }
        };
        if self.per_peer.is_some() {
            *table.peers.entry(peer).or_insert(0) += 1;
        }
        drop(table);
        Registered {
            registration: Registration {
                connections: self.clone(),
                slot,
            },
            activity,
            close: rx,
        }
    }

    /// Whether a new connection from `peer` is within its limit, shedding one of the peer's
    /// own connections when it is at it.
    pub(super) fn check_peer(&self, peer: IpAddr) -> PeerCheck {
        let Some(limit) = self.per_peer else {
            return PeerCheck::Admit;
        };
        let mut table = self.lock();
        if table.peers.get(&peer).copied().unwrap_or(0) < limit {
            return PeerCheck::Admit;
        }
        match table.shed_oldest(|entry| entry.peer == peer) {
            true => PeerCheck::Shed,
            false => PeerCheck::Refuse,
        }
    }

    /// Asks the connection that has waited longest for a request, among those with none in
    /// flight and not yet asked, to close; false when there is none.
    pub(super) fn shed_oldest(&self) -> bool {
        self.lock().shed_oldest(|_| true)
    }

    /// Asks every connection to close (at once if it waits for a request, after its
    /// answer otherwise): the server is shutting down.
    pub(super) fn close_all(&self) {
        for entry in self.lock().slots.iter_mut().flatten() {
            if let Some(close) = entry.close.take() {
                // Ignored error: the connection is closing already.
                let _ = close.send(());
            }
        }
    }
}

impl Table {
    fn shed_oldest(&mut self, eligible: impl Fn(&Entry) -> bool) -> bool {
        let oldest = self
            .slots
            .iter_mut()
            .flatten()
            .filter(|entry| entry.close.is_some() && eligible(entry))
            .filter(|entry| entry.activity.sheddable())
            .min_by_key(|entry| (entry.activity.waiting_since(), entry.number));
        match oldest.and_then(|entry| entry.close.take()) {
            // An error means the connection is closing already, which is as good.
            Some(close) => {
                let _ = close.send(());
                true
            }
            None => false,
        }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut table = self.connections.lock();
        if let Some(entry) = table.slots[self.slot].take() {
            if let Some(count) = table.peers.get_mut(&entry.peer) {
                *count -= 1;
                if *count == 0 {
                    table.peers.remove(&entry.peer);
                }
            }
        }
        table.free.push(self.slot);
    }
}
