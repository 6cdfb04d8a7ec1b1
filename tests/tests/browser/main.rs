//! The console's main journeys walked in a real headless Chromium, on both databases, with a
//! screenshot of each main page under `target/screenshots/`, and an accessibility check of
//! each main page.

mod accessibility;
mod admin;
mod notice;
mod review;
