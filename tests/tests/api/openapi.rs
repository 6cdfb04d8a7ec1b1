//! `openapi.yaml` is what the server serves; regenerate it with
//! `cargo run -q -- openapi > openapi.yaml` when this fails.

use anfang_tests::{Backend, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_committed_openapi_document_is_the_one_served() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let served = app
        .client
        .get(app.url("/api/v1/openapi.yaml"))
        .send()
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "application/yaml");
    let served = served.text().await.unwrap();
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml"))
            .expect("openapi.yaml at the repository root");
    assert!(
        served.starts_with("openapi: 3.1"),
        "{}",
        &served[..40.min(served.len())]
    );
    assert!(
        served == committed,
        "openapi.yaml is out of date: run `cargo run -q -- openapi > openapi.yaml`"
    );
}
