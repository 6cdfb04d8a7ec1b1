//! Black-box tests over HTTP: each test starts the real server on a random port, on SQLite and
//! on PostgreSQL (see `anfang_tests::both_backends!`).

mod accounts;
mod audit_trail;
mod authorization;
mod campaign_secrecy;
mod campaigns;
mod catalog;
mod checklists;
mod console;
mod console_admin;
mod console_campaigns;
mod console_secrecy;
mod districts;
mod drafts;
mod evidence_manifest;
mod findings;
mod hardening;
mod inspectors;
mod ledger;
mod login;
mod notice_orders;
mod notice_signing;
mod notices;
mod openapi;
mod ops;
mod photos;
mod races;
mod report_access;
mod report_review;
mod report_writing;
mod requests;
mod review_health;
mod sessions;
mod settings;
mod token_attacks;
mod unit_view;
