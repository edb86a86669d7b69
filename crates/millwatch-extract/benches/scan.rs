//! Throughput benchmark (filled in below in a later step).

fn main() {}
