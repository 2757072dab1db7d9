//! An in-memory bookshelf behind the generated `bookshelf::server::Service`.

use bookshelf::errors::{
    BookNotFound, CreateBookError, DeleteBookError, GetBookError, ListBooksError, SearchBooksError,
    UpdateBookError,
};
use bookshelf::types::{
    Book, BookIdRequest, CreateBookRequest, ListBooksRequest, ListBooksResponse,
    SearchBooksRequest, SearchBooksResponse, UpdateBookRequest,
};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The books, by id; ids are handed out in order (`b1`, `b2`, ...).
#[derive(Default)]
pub struct Shelf {
    books: Mutex<(u64, BTreeMap<String, Book>)>,
}

fn not_found(id: &str) -> BookNotFound {
    BookNotFound::new()
        .with_message(format!("no book {id}"))
        .with_book_id(id)
}

impl Shelf {
    /// The books in title order.
    fn sorted(&self) -> Vec<Book> {
        let books = self.books.lock().unwrap();
        let mut all: Vec<Book> = books.1.values().cloned().collect();
        all.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
        all
    }
}

impl bookshelf::server::Service for Shelf {
    async fn create_book(&self, input: CreateBookRequest) -> Result<Book, CreateBookError> {
        let mut books = self.books.lock().unwrap();
        books.0 += 1;
        let mut book = Book::new(format!("b{}", books.0), input.title, input.author);
        book.year = input.year;
        book.rating = input.rating;
        books.1.insert(book.id.clone(), book.clone());
        Ok(book)
    }

    async fn get_book(&self, input: BookIdRequest) -> Result<Book, GetBookError> {
        let books = self.books.lock().unwrap();
        let book = books.1.get(&input.book_id).cloned();
        book.ok_or_else(|| not_found(&input.book_id).into())
    }

    async fn update_book(&self, input: UpdateBookRequest) -> Result<Book, UpdateBookError> {
        let mut books = self.books.lock().unwrap();
        let Some(book) = books.1.get_mut(&input.book_id) else {
            return Err(not_found(&input.book_id).into());
        };
        if let Some(title) = input.title {
            book.title = title;
        }
        // Absent: keep the rating; `null`: clear it; a value: set it.
        if let Some(rating) = input.rating {
            book.rating = rating.into_value();
        }
        Ok(book.clone())
    }

    async fn delete_book(&self, input: BookIdRequest) -> Result<(), DeleteBookError> {
        let mut books = self.books.lock().unwrap();
        match books.1.remove(&input.book_id) {
            Some(_) => Ok(()),
            None => Err(not_found(&input.book_id).into()),
        }
    }

    async fn list_books(
        &self,
        input: ListBooksRequest,
    ) -> Result<ListBooksResponse, ListBooksError> {
        // The page token is the index of the page's first book.
        let all = self.sorted();
        let start: usize = input
            .page_token
            .and_then(|t| t.parse().ok())
            .unwrap_or(0)
            .min(all.len());
        let size = input.page_size.unwrap_or(10) as usize;
        let end = (start + size).min(all.len());
        Ok(ListBooksResponse {
            books: all[start..end].to_vec(),
            next_page_token: (end < all.len()).then(|| end.to_string()),
        })
    }

    async fn search_books(
        &self,
        input: SearchBooksRequest,
    ) -> Result<SearchBooksResponse, SearchBooksError> {
        let query = input.query.to_lowercase();
        let books = self
            .sorted()
            .into_iter()
            .filter(|b| b.title.to_lowercase().contains(&query))
            .collect();
        Ok(SearchBooksResponse { books })
    }
}
