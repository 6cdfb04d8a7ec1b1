//! The console's main journeys walked in a real headless Chromium, on both databases, with a
//! screenshot of each main page under `target/screenshots/`.

mod notice;
mod review;
