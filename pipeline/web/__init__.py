"""`synd serve`: a small read-only web view of the warehouse; the only write is a researcher's verdict."""
