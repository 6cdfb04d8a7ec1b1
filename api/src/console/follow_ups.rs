//! Follow-up visits (复查) on a finding's page, for supervisors and admins: the visits already
//! required, and a form to require one in an active campaign with a team that may inspect the
//! unit (the use case checks recusal). Nobody else learns of visits from a finding.

use actix_web::{HttpResponse, web};
use anfang_domain::ids::{CampaignId, FindingId, UserId};
use anfang_domain::user::User;
use anfang_usecases as usecases;
use anfang_usecases::findings::FollowUpRequest;

use super::admin::{self, Choice};
use super::error::ConsoleError;
use super::form::FormFields;
use super::page;
use super::session::Console;
use super::words;
use crate::auth::Origin;
use crate::dto::campaigns::{AssignmentResponse, CampaignResponse};
use crate::dto::users::InspectorResponse;
use crate::error::{ApiError, FieldIssue, Language};
use crate::state::AppState;

pub struct VisitLine {
    pub campaign: String,
    pub team: String,
    pub status: &'static str,
}

/// What the finding's page shows of follow-ups.
pub struct FollowUps {
    pub visits: Vec<VisitLine>,
    pub campaigns: Vec<Choice>,
    pub inspectors: Vec<Choice>,
}

pub async fn section(
    state: &AppState,
    user: &User,
    lang: Language,
    id: FindingId,
) -> Result<FollowUps, ConsoleError> {
    let ctx = &state.usecases;
    let refused = ConsoleError::in_language(lang);
    let required = usecases::findings::follow_ups(ctx, user.clone(), id)
        .await
        .map_err(&refused)?;
    let names = required.names;
    let visits = required
        .value
        .into_iter()
        .map(|v| {
            let a = AssignmentResponse::new(v, &names);
            VisitLine {
                campaign: a.campaign_name,
                team: a
                    .team
                    .iter()
                    .map(|m| m.display_name.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                status: words::visit_status(lang, &a.status),
            }
        })
        .collect();
    let campaigns = admin::every_shown(
        |page| usecases::campaigns::list(ctx, user, page),
        CampaignResponse::new,
    )
    .await
    .map_err(&refused)?
    .into_iter()
    .filter(|c| c.status == "active")
    .map(|c| Choice {
        value: c.id.to_string(),
        label: c.name,
    })
    .collect();
    let inspectors = admin::every_shown(
        |page| usecases::users::inspectors(ctx, user, page),
        InspectorResponse::new,
    )
    .await
    .map_err(&refused)?
    .into_iter()
    .map(|i| Choice {
        value: i.id.to_string(),
        label: format!(
            "{}（{}）",
            i.display_name,
            i.district_name.unwrap_or_default()
        ),
    })
    .collect();
    Ok(FollowUps {
        visits,
        campaigns,
        inspectors,
    })
}

/// `POST /console/findings/{id}/follow-up`.
pub async fn require(
    state: web::Data<AppState>,
    console: Console,
    origin: Origin,
    id: web::Path<FindingId>,
    body: web::Bytes,
) -> Result<HttpResponse, ConsoleError> {
    let form = FormFields::read(&body);
    console.check_form(form.form_token())?;
    let lang = console.lang;
    let refused = ConsoleError::refused(lang);
    let campaign = form
        .text("campaign_id")
        .parse()
        .map(CampaignId::from_uuid)
        .map_err(|_| refused(ApiError::field("campaign_id", FieldIssue::UnknownReference)))?;
    let inspectors = form
        .all("inspector_ids")
        .iter()
        .map(|i| i.parse().map(UserId::from_uuid))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| {
            refused(ApiError::field(
                "inspector_ids",
                FieldIssue::UnknownReference,
            ))
        })?;
    // The form counts scenarios from one, as people do.
    let scenario = form
        .number::<usize>("scenario", lang)?
        .unwrap_or(1)
        .checked_sub(1)
        .ok_or_else(|| refused(ApiError::field("scenario", FieldIssue::OutOfRange)))?;
    let id = id.into_inner();
    usecases::findings::require_follow_up(
        &state.usecases,
        console.session.user,
        id,
        FollowUpRequest {
            campaign_id: campaign,
            inspectors,
            scenario,
        },
        origin.0,
    )
    .await
    .map_err(ConsoleError::in_language(lang))?;
    Ok(page::see_other(format!("/console/findings/{id}")))
}
