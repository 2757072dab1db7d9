//! Serves the bookshelf on a free loopback port, fills it through the generated client,
//! prints what the server holds, and stops.

use bookshelf::client::Client;
use bookshelf::runtime::client::Config;
use bookshelf::types::{CreateBookRequest, ListBooksRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let server = bookshelf::server::serve(listener, bookshelf_app::Shelf::default())?;
    let config = Config::builder()
        .endpoint(format!("http://{}", server.local_addr()))
        .bearer_token("alice")
        .build()?;
    let client = Client::new(config);
    for (title, author) in [
        ("The Left Hand of Darkness", "Ursula K. Le Guin"),
        ("A Wizard of Earthsea", "Ursula K. Le Guin"),
        ("Kindred", "Octavia E. Butler"),
    ] {
        client
            .create_book(CreateBookRequest::new(title, author))
            .await?;
    }
    let mut books = client.list_books_items(ListBooksRequest::new().with_page_size(2));
    while let Some(book) = books.next().await {
        let book = book?;
        println!("{} {} by {}", book.id, book.title, book.author);
    }
    server.shutdown().await;
    Ok(())
}
