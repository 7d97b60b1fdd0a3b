//! Answers are never thrown away: when a definition cannot be written, or the session is
//! interrupted, what was answered and not written goes into a plan file that
//! `eventdef apply FILE` finishes (the `--save-plan` file, else
//! `.eventdef/recovered-<timestamp>.yml` in the repository).

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::atomic_write::{Mode, write_file};
use crate::plan::Plan;

use super::Session;
use super::plan_yaml::plan_to_yaml;

/// The unwritten definitions and the one being asked, with the session's milestone.
pub(crate) fn unwritten_plan(s: &Session) -> Plan {
    let mut plan = s.pending.clone();
    if let Some(draft) = &s.draft {
        plan.events.extend(draft.events.iter().cloned());
        plan.metrics.extend(draft.metrics.iter().cloned());
    }
    if !plan.events.is_empty() || !plan.metrics.is_empty() {
        plan.milestone = s.milestone.clone();
    }
    plan
}

/// Write the unwritten answers (nothing when there are none) and remember where. The same file
/// is rewritten on later calls. Returns the file as shown to the user.
pub(crate) fn save_answers(s: &mut Session) -> Option<String> {
    let plan = unwritten_plan(s);
    if plan.events.is_empty() && plan.metrics.is_empty() {
        // Everything was written after all: a recovery file of ours has nothing left to hold.
        if let Some(shown) = s.recovered.take() {
            if shown.starts_with(".eventdef/recovered-") {
                let _ = std::fs::remove_file(s.repo.root.join(&shown));
            } else {
                s.recovered = Some(shown);
            }
        }
        return None;
    }
    let (target, shown) = match (&s.recovered, &s.options.save_plan) {
        (Some(shown), _) => (resolve_shown(&s.repo.root, shown), shown.clone()),
        (None, Some(path)) => (path.clone(), path.display().to_string()),
        (None, None) => {
            let name = format!(".eventdef/recovered-{}.yml", timestamp(SystemTime::now()));
            (s.repo.root.join(&name), name)
        }
    };
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(parent);
    }
    match write_file(&target, plan_to_yaml(&plan).as_bytes(), Mode::Replace) {
        Ok(_) => {
            s.recovered = Some(shown.clone());
            Some(shown)
        }
        Err(_) => None,
    }
}

/// A shown path is relative to the root when it was made there, else as given.
fn resolve_shown(root: &Path, shown: &str) -> PathBuf {
    let path = Path::new(shown);
    if path.is_absolute() || !shown.starts_with(".eventdef/") { path.to_path_buf() } else { root.join(path) }
}

/// `20261206-193000` (UTC). Written by hand: one file name does not warrant a date crate. The
/// day count to civil date conversion is the well-known one from
/// https://howardhinnant.github.io/date_algorithms.html#civil_from_days
pub(crate) fn timestamp(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default() as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}-{:02}{:02}{:02}", rest / 3600, rest % 3600 / 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_calendar_times() {
        assert_eq!(timestamp(UNIX_EPOCH), "19700101-000000");
        assert_eq!(timestamp(UNIX_EPOCH + Duration::from_secs(1_709_210_096)), "20240229-123456");
    }
}
