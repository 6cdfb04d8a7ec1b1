//! Campaigns (暗访批次) and the random cross-inspection draw (SPEC §3.1).

mod assignment;
mod definition;
mod draw;
mod flow;
mod seeded;
mod visibility;

pub use assignment::{Assignment, AssignmentStatus};
pub use definition::{
    Campaign, CampaignError, CampaignName, CampaignPlan, CampaignScenario, CampaignStatus,
    DrawRecord, ScenarioDocument, ScenarioMatter,
};
pub use draw::{DrawError, DrawInspector, DrawRules, DrawUnit, DrawnVisit, MAX_SEED, draw};
pub use seeded::SeededRng;
pub use visibility::{AssignmentScope, CampaignScope, CampaignView};
