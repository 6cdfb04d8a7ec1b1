//! Health, readiness and metrics.

use anfang_tests::{Backend, TestApp, both_backends};
use reqwest::{Method, StatusCode};

both_backends!(
    the_service_reports_health_and_readiness,
    metrics_need_the_token_when_one_is_set
);

async fn the_service_reports_health_and_readiness(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(
        app.call(Method::GET, "/healthz", None, None).await.status,
        StatusCode::OK
    );
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["status"], "ready");
    // Loopback may read metrics when no token is configured.
    let metrics = app.call(Method::GET, "/metrics", None, None).await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics.text.contains(
            "anfang_http_requests_total{method=\"GET\",route=\"/readyz\",status=\"200\"} 1"
        ),
        "{}",
        metrics.text
    );
}

async fn metrics_need_the_token_when_one_is_set(backend: Backend) {
    let app = TestApp::spawn_with(backend, &[("METRICS_TOKEN", "scrape-secret")]).await;
    assert_eq!(
        app.call(Method::GET, "/metrics", None, None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(Method::GET, "/metrics", Some("wrong"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(Method::GET, "/metrics", Some("scrape-secret"), None)
            .await
            .status,
        StatusCode::OK
    );
}
