//! The bookshelf end to end: the generated server on a loopback port, called by the
//! generated client over real HTTP.

use bookshelf::client::Client;
use bookshelf::errors::{CreateBookError, GetBookError, UpdateBookError};
use bookshelf::runtime::client::{Config, SdkError};
use bookshelf::types::{
    BookIdRequest, CreateBookRequest, ListBooksRequest, SearchBooksRequest, UpdateBookRequest,
};

async fn start() -> (bookshelf::runtime::server::ServerHandle, Client) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = bookshelf::server::serve(listener, bookshelf_app::Shelf::default()).unwrap();
    let config = Config::builder()
        .endpoint(format!("http://{}", server.local_addr()))
        .bearer_token("alice")
        .build()
        .unwrap();
    (server, Client::new(config))
}

/// Changing the shelf takes a bearer token: without one the server answers 401 before the
/// implementation runs; reading needs none.
#[tokio::test]
async fn changes_need_a_bearer_token_and_reads_do_not() {
    let (server, with_token) = start().await;
    let config = Config::builder()
        .endpoint(format!("http://{}", server.local_addr()))
        .build()
        .unwrap();
    let anonymous = Client::new(config);
    match anonymous
        .create_book(CreateBookRequest::new("Dune", "Frank Herbert"))
        .await
    {
        Err(SdkError::Service(CreateBookError::Unmodelled(e))) => {
            assert_eq!(e.status, 401, "{e:?}");
            assert_eq!(e.code.as_deref(), Some("UnauthorizedException"));
        }
        other => panic!("expected a 401, got {other:?}"),
    }
    let listed = anonymous.list_books(ListBooksRequest::new()).await.unwrap();
    assert!(listed.books.is_empty(), "nothing was created without a token");
    with_token
        .create_book(CreateBookRequest::new("Dune", "Frank Herbert"))
        .await
        .unwrap();
    let listed = anonymous.list_books(ListBooksRequest::new()).await.unwrap();
    assert_eq!(listed.books.len(), 1);
    server.shutdown().await;
}

#[tokio::test]
async fn books_are_created_read_updated_listed_searched_and_deleted() {
    let (server, client) = start().await;
    let dune = client
        .create_book(CreateBookRequest::new("Dune", "Frank Herbert").with_year(1965))
        .await
        .unwrap();
    assert_eq!((dune.id.as_str(), dune.year), ("b1", Some(1965)));
    for title in ["Emma", "Beloved", "Middlemarch"] {
        client
            .create_book(CreateBookRequest::new(title, "someone"))
            .await
            .unwrap();
    }

    let got = client.get_book(BookIdRequest::new("b1")).await.unwrap();
    assert_eq!(got, dune);
    let rated = client
        .update_book(UpdateBookRequest::new("b1").with_rating(5))
        .await
        .unwrap();
    assert_eq!((rated.title.as_str(), rated.rating), ("Dune", Some(5)));

    // Two pages of two, in title order.
    let mut titles = Vec::new();
    let mut items = client.list_books_items(ListBooksRequest::new().with_page_size(2));
    while let Some(book) = items.next().await {
        titles.push(book.unwrap().title);
    }
    assert_eq!(titles, ["Beloved", "Dune", "Emma", "Middlemarch"]);

    let found = client
        .search_books(SearchBooksRequest::new("MA"))
        .await
        .unwrap();
    let found: Vec<_> = found.books.into_iter().map(|b| b.title).collect();
    assert_eq!(found, ["Emma", "Middlemarch"]);

    client.delete_book(BookIdRequest::new("b1")).await.unwrap();
    match client.get_book(BookIdRequest::new("b1")).await {
        Err(SdkError::Service(GetBookError::BookNotFound(e))) => {
            assert_eq!(e.book_id.as_deref(), Some("b1"));
        }
        other => panic!("expected BookNotFound, got {other:?}"),
    }
    server.shutdown().await;
}

#[tokio::test]
async fn the_server_checks_the_schema_constraints_before_the_service_runs() {
    let (server, client) = start().await;
    client
        .create_book(CreateBookRequest::new("Dune", "Frank Herbert"))
        .await
        .unwrap();
    // A rating outside 1..=5 never reaches `update_book`: it is the schema's validation
    // error, typed, naming the member.
    match client
        .update_book(UpdateBookRequest::new("b1").with_rating(9))
        .await
    {
        Err(SdkError::Service(UpdateBookError::ValidationException(e))) => {
            let fields = e.field_list.unwrap_or_default();
            assert_eq!(fields.len(), 1, "{fields:?}");
            assert_eq!(fields[0].path, "/rating");
            let entry =
                "Value at '/rating' failed to satisfy constraint: Member must be between 1 and 5, inclusive";
            assert_eq!(fields[0].message, entry);
            assert_eq!(e.message, format!("1 validation error detected. {entry}"));
        }
        other => panic!("expected a ValidationException, got {other:?}"),
    }
    // A title shorter than its `length` too.
    match client
        .create_book(CreateBookRequest::new("", "someone"))
        .await
    {
        Err(SdkError::Service(CreateBookError::ValidationException(e))) => {
            assert_eq!(e.field_list.unwrap_or_default()[0].path, "/title");
        }
        other => panic!("expected a ValidationException, got {other:?}"),
    }
    let book = client.get_book(BookIdRequest::new("b1")).await.unwrap();
    assert_eq!(book.rating, None);
    server.shutdown().await;
}

/// PATCH semantics through a `nullable` member: absent keeps the rating, `null` clears it,
/// a value sets it.
#[tokio::test]
async fn an_explicit_null_clears_what_absence_keeps() {
    use bookshelf::runtime::Nullable;
    let (server, client) = start().await;
    client
        .create_book(CreateBookRequest::new("Dune", "Frank Herbert").with_rating(4))
        .await
        .unwrap();
    let kept = client
        .update_book(UpdateBookRequest::new("b1").with_title("Dune Messiah"))
        .await
        .unwrap();
    assert_eq!((kept.title.as_str(), kept.rating), ("Dune Messiah", Some(4)));
    let cleared = client
        .update_book(UpdateBookRequest::new("b1").with_rating(Nullable::Null))
        .await
        .unwrap();
    assert_eq!(cleared.rating, None);
    let set = client
        .update_book(UpdateBookRequest::new("b1").with_rating(5))
        .await
        .unwrap();
    assert_eq!(set.rating, Some(5));
    server.shutdown().await;
}
