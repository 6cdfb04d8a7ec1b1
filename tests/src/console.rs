//! A browser's part in the console, over plain HTTP: cookies kept as a browser keeps them
//! (per name, removed when the server removes them), redirects not followed, and the page's
//! form token read from the page as a browser would submit it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use reqwest::StatusCode;
use reqwest::header::{COOKIE, HeaderMap, SET_COOKIE};

/// A page or a redirect, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the first hidden `form_token` field.
    pub fn form_token(&self) -> String {
        let marker = "name=\"form_token\" value=\"";
        let start = self
            .body
            .find(marker)
            .unwrap_or_else(|| panic!("a form in {}", self.body))
            + marker.len();
        let end = self.body[start..].find('"').expect("the value ends") + start;
        self.body[start..end].to_owned()
    }

    /// Each `Set-Cookie` of the answer, whole.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }
}

#[derive(Clone)]
pub struct Browser {
    address: String,
    client: reqwest::Client,
    cookies: Arc<Mutex<BTreeMap<String, String>>>,
}

impl Browser {
    pub fn new(address: &str) -> Self {
        Self {
            address: address.to_owned(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookies: Arc::default(),
        }
    }

    /// Signs in through the sign-in form; the page after it.
    pub async fn sign_in(address: &str, username: &str, password: &str) -> Browser {
        let browser = Browser::new(address);
        let form = browser.get("/console/login").await;
        let token = form.form_token();
        let answer = browser
            .post(
                "/console/login",
                &[
                    ("username", username),
                    ("password", password),
                    ("form_token", &token),
                ],
            )
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        browser
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().expect("cookies").get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .lock()
            .expect("cookies")
            .insert(name.to_owned(), value.to_owned());
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .expect("cookies")
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn read(&self, response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        for raw in headers.get_all(SET_COOKIE) {
            let Ok(raw) = raw.to_str() else { continue };
            let pair = raw.split(';').next().unwrap_or("");
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let removed = raw.contains("Max-Age=0");
            let mut jar = self.cookies.lock().expect("cookies");
            if removed {
                jar.remove(name.trim());
            } else {
                jar.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
        let body = response.text().await.unwrap_or_default();
        Page {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .header(COOKIE, self.cookie_header())
            .send()
            .await
            .expect("request sent");
        self.read(response).await
    }

    /// A form with a file, as `enctype="multipart/form-data"` sends it.
    pub async fn post_file(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, Vec<u8>, &str),
    ) -> Page {
        let (name, bytes, mime) = file;
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name("photo.jpg")
            .mime_str(mime)
            .expect("a media type");
        form = form.part(name.to_owned(), part);
        let response = self
            .client
            .post(format!("{}{path}", self.address))
            .header(COOKIE, self.cookie_header())
            .multipart(form)
            .send()
            .await
            .expect("request sent");
        self.read(response).await
    }

    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let response = self
            .client
            .post(format!("{}{path}", self.address))
            .header(COOKIE, self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("request sent");
        self.read(response).await
    }
}
