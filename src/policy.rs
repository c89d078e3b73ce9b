//! Which warnings a run lets pass, which it makes errors and which it silences: `--strict`,
//! `--deny`, `--allow`, the coalition's `[checks] allow`, and what `--only` builds.

use crate::error::{Concerns, DataError};
use crate::plan::Material;
use crate::project::Project;

/// How a run treats warnings.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Every warning is an error, unless allowed.
    pub strict: bool,
    /// Warning codes that are errors.
    pub deny: Vec<String>,
    /// Warning codes that are silenced.
    pub allow: Vec<String>,
}

/// What becomes of one warning.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Verdict {
    /// Printed; the run goes on.
    #[default]
    Warn,
    /// An error: the run fails and writes nothing.
    Deny,
    /// Silenced, with the coalition's reason when `[checks] allow` gave one.
    Allow(Option<String>),
}

impl Policy {
    /// The verdict on `warning` for a run that builds `only` (every material when empty).
    /// A warning that concerns nothing the run builds is never an error.
    pub fn judge(&self, project: &Project, only: &[Material], warning: &DataError) -> Verdict {
        let code = warning.code;
        if self.deny.iter().any(|d| d == code) {
            return if concerns_selection(project, only, &warning.concerns) {
                Verdict::Deny
            } else {
                Verdict::Warn
            };
        }
        if self.allow.iter().any(|a| a == code) {
            return Verdict::Allow(None);
        }
        if let Some((_, reason)) = project.allowed.iter().find(|(c, _)| c == code) {
            return Verdict::Allow(Some(reason.clone()));
        }
        if self.strict && concerns_selection(project, only, &warning.concerns) {
            Verdict::Deny
        } else {
            Verdict::Warn
        }
    }
}

fn concerns_selection(project: &Project, only: &[Material], concerns: &Concerns) -> bool {
    let selected = |m: &Material| only.is_empty() || only.contains(m);
    match concerns {
        Concerns::All => true,
        Concerns::Materials(materials) => materials.iter().any(selected),
        Concerns::Contact(id) => Material::ALL
            .iter()
            .filter(|m| selected(m))
            .any(|m| project.prints_contact(*m, id)),
    }
}
