use super::Role;

/// Actions whose permission depends on the role alone. Rules that also depend on the object
/// (own report, own unit) live with that object's use case and start from these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create, list, change and disable accounts.
    ManageUsers,
    /// Create and change window units and unit types.
    ManageUnits,
    /// Draft, edit and publish checklist versions, and see unpublished ones.
    ManageChecklists,
    /// Read the catalog: unit types, units, published checklists.
    ReadCatalog,
    /// Read the tunable rules (integrity thresholds, review lease).
    ReadSettings,
    /// Change them.
    ManageSettings,
    /// Plan campaigns, run draws, open and close them.
    ManageCampaigns,
    /// Generate and publish monthly notices, and read drafts.
    ManageNotices,
    /// Sign off notices sent for signature (签发), and read them.
    SignNotices,
    /// Read published notices.
    ReadPublishedNotices,
    /// Statistics over any period: they count unpublished findings.
    ReadStatistics,
    /// Read and export the audit trail (SPEC §3.7: admins).
    ReadAudit,
}

impl Permission {
    pub fn is_granted_to(self, role: Role) -> bool {
        match self {
            Permission::ManageUsers
            | Permission::ManageUnits
            | Permission::ManageChecklists
            | Permission::ManageSettings
            | Permission::ReadAudit => role == Role::Admin,
            Permission::ReadSettings | Permission::ManageCampaigns | Permission::ManageNotices => {
                matches!(role, Role::Admin | Role::Supervisor)
            }
            Permission::ReadStatistics => {
                matches!(role, Role::Admin | Role::Supervisor | Role::Leader)
            }
            // 局领导 sign off what the bureau circulates.
            Permission::SignNotices => role == Role::Leader,
            // A published notice is circulated to every unit (通报).
            Permission::ReadPublishedNotices => role != Role::Inspector,
            // Reference data: no campaign, assignment or report can be inferred from it.
            Permission::ReadCatalog => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_users_units_and_checklists_and_read_the_audit() {
        for permission in [
            Permission::ManageUsers,
            Permission::ManageUnits,
            Permission::ManageChecklists,
            Permission::ManageSettings,
            Permission::ReadAudit,
        ] {
            for role in Role::ALL {
                assert_eq!(
                    permission.is_granted_to(role),
                    role == Role::Admin,
                    "{permission:?} {role}"
                );
            }
        }
    }
}
