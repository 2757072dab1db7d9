//! Pagination: a stream of pages that follows the output token until the service stops
//! sending one, and a stream of the items of those pages.
//!
//! Hand-written `Stream` impls over a boxed future, rather than `async-stream`: the trait
//! comes from `futures-core` (already in the transport's tree) and no proc macro is built.
//! Both types also have an inherent `next()`, so callers need no extension trait.

use super::error::SdkError;
use super::transport::BoxFuture;
use futures_core::Stream;
use std::collections::HashSet;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

type Fetch<I, O, E> = Arc<dyn Fn(I) -> BoxFuture<'static, Result<O, SdkError<E>>> + Send + Sync>;

/// How a generated client pages one operation.
pub struct Paginator<I, O, E> {
    fetch: Fetch<I, O, E>,
    set_token: fn(&mut I, String),
    next_token: fn(&O) -> Option<&str>,
}

impl<I, O, E> Paginator<I, O, E> {
    /// `fetch` sends one page request, `set_token` puts a page token into the input and
    /// `next_token` reads the next page's token from an output.
    pub fn new<F, Fut>(
        fetch: F,
        set_token: fn(&mut I, String),
        next_token: fn(&O) -> Option<&str>,
    ) -> Self
    where
        F: Fn(I) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O, SdkError<E>>> + Send + 'static,
    {
        Paginator {
            fetch: Arc::new(move |input| Box::pin(fetch(input))),
            set_token,
            next_token,
        }
    }
}

/// The pages of a paginated operation, in order; ends after the page without a token,
/// or with [`SdkError::RepeatedPageToken`] if a token comes back a second time.
pub struct Pages<I, O, E> {
    paginator: Paginator<I, O, E>,
    /// The input of the next request; `None` once the last page was fetched or an error
    /// ended the stream.
    next: Option<I>,
    in_flight: Option<BoxFuture<'static, Result<O, SdkError<E>>>>,
    seen: HashSet<String>,
}

impl<I: Clone + Send + 'static, O, E> Pages<I, O, E> {
    /// Starts at `input` (whose token, if set, is the first page's).
    pub fn new(input: I, paginator: Paginator<I, O, E>) -> Self {
        Pages {
            paginator,
            next: Some(input),
            in_flight: None,
            seen: HashSet::new(),
        }
    }

    /// The next page, or `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<O, SdkError<E>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// A stream of the items of every page, taken out of each page by `items`.
    pub fn items<T>(self, items: fn(O) -> Vec<T>) -> Items<I, O, E, T> {
        Items {
            pages: self,
            items,
            buffer: Vec::new().into_iter(),
        }
    }
}

impl<I: Clone + Send + 'static, O, E> Stream for Pages<I, O, E> {
    type Item = Result<O, SdkError<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.in_flight.is_none() {
            let Some(input) = this.next.clone() else {
                return Poll::Ready(None);
            };
            this.in_flight = Some((this.paginator.fetch)(input));
        }
        let Some(fut) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match fut.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        this.in_flight = None;
        let output = match result {
            Ok(output) => output,
            Err(e) => {
                this.next = None;
                return Poll::Ready(Some(Err(e)));
            }
        };
        match (this.paginator.next_token)(&output).filter(|t| !t.is_empty()) {
            None => this.next = None,
            Some(token) if !this.seen.insert(token.to_string()) => {
                this.next = None;
                return Poll::Ready(Some(Err(SdkError::RepeatedPageToken(token.to_string()))));
            }
            Some(token) => {
                if let Some(next) = this.next.as_mut() {
                    (this.paginator.set_token)(next, token.to_string());
                }
            }
        }
        Poll::Ready(Some(Ok(output)))
    }
}

/// The items of every page of a paginated operation, in order.
pub struct Items<I, O, E, T> {
    pages: Pages<I, O, E>,
    items: fn(O) -> Vec<T>,
    buffer: std::vec::IntoIter<T>,
}

impl<I: Clone + Send + 'static, O, E, T> Items<I, O, E, T> {
    /// The next item, or `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<T, SdkError<E>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

// Neither stream is self-referential: the in-flight future is boxed.
impl<I, O, E> Unpin for Pages<I, O, E> {}
impl<I, O, E, T> Unpin for Items<I, O, E, T> {}

impl<I: Clone + Send + 'static, O, E, T> Stream for Items<I, O, E, T> {
    type Item = Result<T, SdkError<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => {
                    let items = (self.items)(page);
                    self.buffer = items.into_iter();
                }
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
