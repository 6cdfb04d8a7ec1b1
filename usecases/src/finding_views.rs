//! A finding as people read it: with its checklist item's words, the inspector's note on the
//! item, and the evidence linked to it. What of this a viewer is shown is the API's to render
//! by [`anfang_domain::finding::FindingFields`].

use anfang_domain::catalog::Dimension;
use anfang_domain::finding::Finding;
use anfang_domain::ids::PhotoId;
use anfang_infra::db::DbConnection;
use anfang_infra::db::finding_context;
use anfang_infra::db::names::Place;
use anfang_infra::db::published_checklists::PublishedChecklists;

use crate::{Error, Result};

/// The item's words, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemWords {
    pub title: String,
    pub title_en: String,
    pub dimension: Dimension,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FindingView {
    pub finding: Finding,
    /// The unit by name, with the type and district it had when visited.
    pub place: Place,
    pub item: ItemWords,
    pub note: Option<String>,
    /// The segment of one of the report's recordings the rating cites.
    pub citation: Option<anfang_domain::report::Citation>,
    pub evidence: Vec<PhotoId>,
    /// Once verified: closed out (销号) by whom, when, on what evidence.
    pub closed_out: Option<CloseOut>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CloseOut {
    pub by: anfang_domain::ids::UserId,
    pub by_name: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub photos: Vec<PhotoId>,
}

/// Each finding with what it is read with, in the same order.
pub fn views(
    conn: &mut DbConnection,
    checklists: &PublishedChecklists,
    findings: Vec<Finding>,
) -> Result<Vec<FindingView>> {
    let mut context = finding_context::of(conn, &findings)?;
    findings
        .into_iter()
        .map(|finding| {
            let found = context
                .remove(&finding.id)
                .ok_or_else(|| Error::internal("a finding without its context"))?;
            let checklist = checklists
                .get(conn, found.checklist_id)?
                .ok_or_else(|| Error::internal("a finding's checklist is not published"))?;
            let item = checklist
                .item(&finding.item_code)
                .ok_or_else(|| Error::internal("a finding's item is not in its checklist"))?;
            Ok(FindingView {
                item: ItemWords {
                    title: item.title().as_str().to_owned(),
                    title_en: item.title_en().as_str().to_owned(),
                    dimension: item.dimension(),
                },
                closed_out: close_out(&finding, found.verifier_name, found.rectification_photos),
                place: found.place,
                note: found.note,
                citation: found.citation,
                evidence: found.evidence,
                finding,
            })
        })
        .collect()
}

fn close_out(finding: &Finding, by_name: Option<String>, photos: Vec<PhotoId>) -> Option<CloseOut> {
    if finding.status != anfang_domain::finding::FindingStatus::Verified {
        return None;
    }
    Some(CloseOut {
        by: finding.verified_by?,
        by_name: by_name.unwrap_or_default(),
        at: finding.verified_at.unwrap_or(finding.updated_at),
        photos,
    })
}

pub fn view(
    conn: &mut DbConnection,
    checklists: &PublishedChecklists,
    finding: Finding,
) -> Result<FindingView> {
    views(conn, checklists, vec![finding])?
        .pop()
        .ok_or_else(|| Error::internal("a finding without its view"))
}

/// A re-encoded size of a photo of the finding's item (`thumb` or `display`: never the
/// original, which keeps the phone's metadata), for whoever may see the finding. A photo of
/// another item or report answers as one that does not exist.
#[tracing::instrument(skip_all, fields(viewer = %viewer.id, finding = %finding, photo = %photo))]
pub async fn evidence(
    ctx: &crate::Context,
    viewer: anfang_domain::user::User,
    finding: anfang_domain::ids::FindingId,
    photo: PhotoId,
    variant: EvidenceSize,
) -> Result<(anfang_domain::report::Photo, bytes::Bytes)> {
    use anfang_domain::finding::FindingScope;
    if FindingScope::for_viewer(viewer.role, viewer.unit_id) == FindingScope::Nothing {
        return Err(Error::NotFound);
    }
    let photo = ctx
        .db
        .read(move |conn| {
            let f = crate::findings::load_visible(conn, &viewer, finding)?;
            anfang_infra::db::photos::find(conn, photo)?
                .filter(|p| {
                    p.report_id == f.report_id && p.item_code.as_ref() == Some(&f.item_code)
                })
                .ok_or(Error::NotFound)
        })
        .await?;
    let bytes = ctx
        .storage
        .get(&crate::photos::key(photo.blob, variant.as_str()))
        .await
        .map_err(Error::from)?;
    Ok((photo, bytes))
}

/// The sizes of evidence a finding links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceSize {
    Thumb,
    Display,
}

impl EvidenceSize {
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceSize::Thumb => "thumb",
            EvidenceSize::Display => "display",
        }
    }
}
