//! Downloads, for the one file eventdef may fetch: GitLab's `stages.yml` (sections, stages and
//! groups), which the wizard's group menu and the Tableau dashboard links read. Everything else
//! works offline; this is run on request only (`eventdef stages pull`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::atomic_write::{Mode, write_file};
use crate::error::{Error, Result};
use crate::repository::stages::{STAGES_PATH, Stages};

/// Where GitLab's internal events CLI reads the stages file (5-second timeout, offline mode on
/// any error): https://gitlab.com/gitlab-org/gitlab/-/blob/master/scripts/internal_events/cli.rb
pub const STAGES_URL: &str = "https://gitlab.com/gitlab-com/www-gitlab-com/-/raw/master/data/stages.yml";

/// How long a download may take before it counts as offline (the generator waits 5 seconds).
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// What a pull wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// The file written (`<root>/.eventdef/stages.yml`).
    pub path: PathBuf,
    pub groups: usize,
}

/// Download `url`, check that it is a stages file, and write it to the repository's
/// `.eventdef/stages.yml` (atomically: a failed pull leaves the old file as it was).
pub fn pull_stages(root: &Path, url: &str, timeout: Duration) -> Result<Pulled> {
    let text = download(url, timeout)?;
    let path = root.join(STAGES_PATH);
    let stages = Stages::parse(&text, Path::new(url))?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    write_file(&path, text.as_bytes(), Mode::Replace)?;
    Ok(Pulled { path, groups: stages.groups.len() })
}

fn download(url: &str, timeout: Duration) -> Result<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(timeout)).build().into();
    let offline = |why: String| {
        Error::Other(format!(
            "could not download {url}: {why}. Are you offline? The wizard works without it (groups are typed and checked against the product-group list); run `eventdef stages pull` again when connected, or save the file as {STAGES_PATH} yourself."
        ))
    };
    let mut response = agent.get(url).call().map_err(|e| offline(e.to_string()))?;
    response.body_mut().read_to_string().map_err(|e| offline(e.to_string()))
}
