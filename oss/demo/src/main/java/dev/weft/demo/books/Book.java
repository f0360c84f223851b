package dev.weft.demo.books;

/** A book of the demo catalogue; the author is known to {@code authors} by id. */
record Book(String title, int year, String authorId) {}
