//! A real browser for the console's journeys: Debian's Chromium, headless, driven over
//! WebDriver by its ChromeDriver (packages chromium and chromium-driver, which `.ci/run`
//! installs), at an office screen's size. A machine without them skips the journeys with a
//! message, except in CI, where they must run. Screenshots go to `target/screenshots/`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

const DRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

pub struct Chrome {
    pub client: Client,
    driver: Child,
    base: String,
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub fn screenshots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("screenshots")
}

impl Chrome {
    /// A browser on the console at `base` (the app's address), or `None` where Chromium is
    /// not installed (outside CI).
    pub async fn open(base: &str) -> Option<Chrome> {
        let installed =
            std::path::Path::new(DRIVER).exists() && std::path::Path::new(CHROMIUM).exists();
        if !installed {
            assert!(
                std::env::var("CI").is_err(),
                "chromium and chromium-driver are needed for the console's journeys"
            );
            eprintln!("chromium not installed: the console's journeys are not walked here");
            return None;
        }
        let port = free_port();
        let driver = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let address = format!("http://127.0.0.1:{port}");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1366,768", "--lang=zh-CN"],
                // As on the bureau's desktops: Chinese first.
                "prefs": { "intl.accept_languages": "zh-CN,zh" },
            }),
        );
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&address)
                .await
            {
                Ok(client) => break client,
                // The driver takes a moment to listen.
                Err(_) if started.elapsed() < Duration::from_secs(20) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("chromedriver answers: {e}"),
            }
        };
        Some(Chrome {
            client,
            driver,
            base: base.to_owned(),
        })
    }

    pub async fn visit(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("the page loads");
    }

    /// The path of the page the browser shows.
    pub async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("a page")
            .path()
            .to_owned()
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.expect(css);
        field.clear().await.expect("cleared");
        field.send_keys(text).await.expect("typed");
    }

    /// Chooses a file in a file field, as a person picks it in the dialog.
    pub async fn fill_file(&self, css: &str, path: &std::path::Path) {
        let field = self.client.find(Locator::Css(css)).await.expect(css);
        field
            .send_keys(&path.display().to_string())
            .await
            .expect("the file is chosen");
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .expect(css)
            .click()
            .await
            .expect("clicked");
    }

    /// The text a reader sees on the page; `None` while a new page replaces it.
    async fn try_text(&self) -> Option<String> {
        let body = self.client.find(Locator::Css("body")).await.ok()?;
        body.text().await.ok()
    }

    /// The text a reader sees on the page.
    pub async fn text(&self) -> String {
        self.try_text().await.expect("a page with a body")
    }

    /// The page's text once it says `expected` (a form's answer takes a moment to load);
    /// fails after five seconds with what the page said.
    pub async fn text_saying(&self, expected: &str) -> String {
        let started = Instant::now();
        loop {
            let text = self.try_text().await.unwrap_or_default();
            if text.contains(expected) {
                return text;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "the page never said {expected}: {text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page no longer says `gone` (a form's answer replaced it).
    pub async fn text_without(&self, gone: &str) {
        let started = Instant::now();
        loop {
            if let Some(text) = self.try_text().await
                && !text.contains(gone)
            {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "the page still says {gone}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves what the screen shows as `target/screenshots/{name}.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).expect("the screenshots directory");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("the screenshot is saved");
    }

    /// Signs in through the form, as a person would, and waits for the first page (every
    /// signed-in page offers to sign out), so that nothing races the sign-in's redirect.
    pub async fn sign_in(&self, username: &str, password: &str) {
        self.visit("/console/login").await;
        self.fill("#username", username).await;
        self.fill("#password", password).await;
        self.click("button[type=submit]").await;
        self.text_saying("退出登录").await;
    }

    /// Resizes the window, as a tablet's screen (810 × 1080) or the office's (1366 × 768).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("the window resizes");
    }

    /// How many pixels the page is wider than the window (0 when nothing needs scrolling
    /// sideways).
    pub async fn overflow(&self) -> i64 {
        self.client
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .expect("the page measures")
            .as_i64()
            .unwrap_or(0)
    }

    /// What axe-core (vendored under `tests/vendor/axe-core`) finds serious or critical on the
    /// page shown, against WCAG 2.1 A and AA, one line per problem with where it is. The engine
    /// is put in through WebDriver, which the page's script-forbidding policy does not govern.
    pub async fn accessibility_problems(&self) -> Vec<String> {
        let engine = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/vendor/axe-core/axe.min.js"
        ))
        .expect("the vendored axe-core");
        self.client
            .execute(&engine, vec![])
            .await
            .expect("axe-core loads in the page");
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
                   .then(r => done({ checked: r.passes.length, problems: r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                       + v.nodes.map(n => n.target.join(' ')).join(', ')) }))
                   .catch(e => done({ checked: 0, problems: ['axe failed: ' + e] }));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        assert!(
            found["checked"].as_u64().unwrap_or(0) > 0,
            "axe-core checked nothing: {found}"
        );
        found["problems"]
            .as_array()
            .map(|lines| {
                lines
                    .iter()
                    .filter_map(|l| l.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Signs out from the header's button and waits for the sign-in page.
    pub async fn sign_out(&self) {
        self.click(".who form button").await;
        let started = Instant::now();
        while self.path().await != "/console/login" {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "signing out never reached the sign-in page"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the browser's session (the driver stops when this is dropped).
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}
