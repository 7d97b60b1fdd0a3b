//! Template overrides kept in the repository (`.eventdef/templates`): which templates a command
//! uses, `eventdef templates init` (copy the built-ins out, with a README of each template's
//! variables and filters), `templates list` (which are overridden) and `templates check`
//! (render each against a sample definition, report every problem with file and line).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::context::{IssueContext, UsageContext, UsageOptions, issue_context, usage_context};
use super::templates::{EMBEDDED, Family, Templates, override_files};
use crate::error::{Error, Result};
use crate::repository::{FileContent, FileKind, LoadLimits, NoChecks, ReferenceLists, Repository};

/// Where a repository keeps its templates, relative to its root.
pub const TEMPLATES_DIR: &str = ".eventdef/templates";
/// The file `init` writes beside the templates.
pub const README_NAME: &str = "README.md";

/// The templates a command uses: `explicit` (`--templates DIR`), else the repository's
/// `.eventdef/templates` when it is a folder, else the embedded ones.
pub fn templates_for(root: Option<&Path>, explicit: Option<&Path>) -> Result<Templates> {
    match explicit.map(Path::to_path_buf).or_else(|| repository_dir(root)) {
        Some(dir) => Templates::with_overrides(&dir),
        None => Templates::embedded(),
    }
}

/// The repository's `.eventdef/templates`, when it exists.
pub fn repository_dir(root: Option<&Path>) -> Option<PathBuf> {
    root.map(|r| r.join(TEMPLATES_DIR)).filter(|d| d.is_dir())
}

/// How a template is provided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    BuiltIn,
    /// A file with exactly the built-in text (as `init` writes it).
    SameAsBuiltIn(PathBuf),
    Overridden(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub name: &'static str,
    pub status: Status,
}

/// Every template and where it comes from, for `dir` (none: all built in).
pub fn list(dir: Option<&Path>) -> Result<Vec<Listed>> {
    let files = match dir {
        Some(dir) => override_files(dir)?,
        None => Vec::new(),
    };
    let mut listed = Vec::new();
    for (name, text, _) in EMBEDDED {
        // A later file for the same template wins, as when the templates are loaded.
        let status = match files.iter().rev().find(|(_, n)| *n == name) {
            Some((path, _)) => {
                let current = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                if current == text.as_bytes() {
                    Status::SameAsBuiltIn(path.clone())
                } else {
                    Status::Overridden(path.clone())
                }
            }
            None => Status::BuiltIn,
        };
        listed.push(Listed { name, status });
    }
    Ok(listed)
}

/// One file `init` would write, relative to its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitFile {
    pub path: String,
    pub content: String,
    pub state: InitState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitState {
    /// Not there yet.
    Missing,
    /// There, with the same text.
    Same,
    /// There, with other text (a team's change): never overwritten without consent.
    Changed,
}

/// Every built-in template and the README, and how each compares with what is in `dir`.
pub fn init_files(dir: &Path) -> Result<Vec<InitFile>> {
    let mut files: Vec<(String, String)> =
        EMBEDDED.iter().map(|(n, t, _)| ((*n).to_owned(), (*t).to_owned())).collect();
    files.push((README_NAME.to_owned(), readme()?));
    files
        .into_iter()
        .map(|(path, content)| {
            let target = dir.join(&path);
            let state = match std::fs::read(&target) {
                Ok(bytes) if bytes == content.as_bytes() => InitState::Same,
                Ok(_) => InitState::Changed,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => InitState::Missing,
                Err(e) => return Err(Error::io(&target, e)),
            };
            Ok(InitFile { path, content, state })
        })
        .collect()
}

/// What `templates check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub templates: usize,
    pub overridden: usize,
    /// Each with the file and line (an override's path, or `templates/<name>`).
    pub problems: Vec<Error>,
}

/// Build every template (with the overrides in `dir`), check the variables each reads, and
/// render each against a sample event and its metrics; report every problem.
pub fn check(dir: Option<&Path>) -> Result<CheckReport> {
    let (templates, mut problems) = match dir {
        Some(dir) => Templates::with_overrides_collecting(dir)?,
        None => (Templates::embedded()?, Vec::new()),
    };
    // One problem per file is enough: a file with an unknown variable is not rendered, and a
    // template that includes a broken one is not blamed for it.
    let mut reported: BTreeSet<String> = problems.iter().map(template_of).collect();
    let (usage, issue) = sample_contexts();
    for (name, _, family) in EMBEDDED {
        let file =
            templates.override_path(name).map(|p| p.display().to_string()).unwrap_or(format!("templates/{name}"));
        if reported.contains(&file) {
            continue;
        }
        let rendered = match family {
            Family::Usage => templates.render(name, &usage),
            Family::Issue => templates.render(name, &issue),
            // The dictionary's pages need a whole dictionary; their variables were checked above
            // and `eventdef dictionary` renders them.
            Family::DictionaryPage
            | Family::DictionaryIndex
            | Family::DictionaryDetail
            | Family::DictionaryProblems
            | Family::DictionaryGroup => Ok(String::new()),
        };
        if let Err(e) = rendered
            && reported.insert(template_of(&e))
        {
            problems.push(e);
        }
    }
    let overridden = EMBEDDED.iter().filter(|(n, _, _)| templates.is_overridden(n)).count();
    Ok(CheckReport { templates: EMBEDDED.len(), overridden, problems })
}

fn template_of(problem: &Error) -> String {
    match problem {
        Error::Template { template, .. } => template.clone(),
        other => other.to_string(),
    }
}

const SAMPLE_FILES: [(&str, FileKind, &str); 4] = [
    ("config/events/apply_suggestion_in_merge_request.yml", FileKind::Event, include_str!("sample/event.yml")),
    (
        "config/metrics/counts_all/count_total_apply_suggestion_in_merge_request.yml",
        FileKind::Metric,
        include_str!("sample/metric_total.yml"),
    ),
    (
        "config/metrics/counts_all/count_distinct_user_id_from_apply_suggestion_in_merge_request.yml",
        FileKind::Metric,
        include_str!("sample/metric_unique.yml"),
    ),
    (
        "config/metrics/counts_all/sum_value_from_apply_suggestion_in_merge_request.yml",
        FileKind::Metric,
        include_str!("sample/metric_sum.yml"),
    ),
];

/// The contexts of a sample event with label, property and value, counted by a total, a
/// unique and a sum metric: every branch of the built-in templates has something to show.
pub fn sample_contexts() -> (UsageContext, IssueContext) {
    let contents = SAMPLE_FILES.iter().map(|(path, kind, text)| FileContent::text(*path, *kind, *text)).collect();
    let repo = Repository::from_contents(
        PathBuf::from("."),
        contents,
        ReferenceLists::built_in(),
        &LoadLimits::default(),
        &NoChecks,
    );
    let events: Vec<_> = repo.events.iter().map(|e| e.def.clone()).collect();
    let metrics: Vec<_> = repo.metrics.iter().map(|m| m.def.clone()).collect();
    let usage = match events.first() {
        Some(event) => usage_context(&repo, event, &UsageOptions::default()),
        None => UsageContext::default(),
    };
    let issue = issue_context(&events, &metrics, "Learn how often suggested changes are applied");
    (usage, issue)
}

/// What each template renders.
const PURPOSES: [(&str, &str); 18] = [
    ("usage/rails.tera", "Ruby on Rails: `track_internal_event` (`eventdef usage --target rails`)"),
    ("usage/rspec.tera", "RSpec: the `trigger_internal_events` and metric-change matchers (`--target rspec`)"),
    ("usage/vue.tera", "A Vue component with the tracking mixin (`--target vue`)"),
    ("usage/js.tera", "Plain JavaScript: `InternalEvents.trackEvent` (`--target js`)"),
    ("usage/vue_template.tera", "Vue template data attributes (`--target vue-template`)"),
    ("usage/haml.tera", "HAML data attributes (`--target haml`)"),
    ("usage/gdk.tera", "Manual testing in GDK: the monitor script and the Rails console (`--target gdk`)"),
    ("usage/tableau.tera", "Tableau dashboards for the metrics and groups (`--target tableau`)"),
    ("usage/sql.tera", "Snowflake queries to verify the data (`--target sql`)"),
    (
        "usage/implementation_details.tera",
        "The \"Want to see the implementation details?\" line, included by the others",
    ),
    ("usage/all.tera", "Every snippet in menu order (`--target all`, the default)"),
    ("issue.md.tera", "GitLab's \"Usage Data Instrumentation\" issue (`eventdef issue`)"),
    ("dictionary/header.html.tera", "The head and header of every page of `eventdef dictionary`"),
    ("dictionary/index.html.tera", "The dictionary's index: the metrics and events tables (`eventdef dictionary`)"),
    (
        "dictionary/definition.html.tera",
        "The dictionary's definition page (`definition.html?id=FILE`), which shows one event's or metric's page from `detail.html.tera`",
    ),
    (
        "dictionary/detail.html.tera",
        "The dictionary's page of one event or metric, rendered at build time into the definition page's data",
    ),
    ("dictionary/problems.html.tera", "The dictionary's problems page: the validator's findings"),
    ("dictionary/group.md.tera", "One product group's page of `eventdef dictionary --format markdown`"),
];

/// The variables of the usage templates and what they hold.
pub const USAGE_VARIABLES: [(&str, &str); 12] = [
    ("action", "the event's name"),
    ("event", "`action`, `description`, `product_group`, `product_categories`, `identifiers` (all), `tiers`, `file`"),
    ("identifiers", "identifiers to pass (`namespace` dropped when `project` is present)"),
    ("properties", "list of `name`, `description` (or `TODO`), `example` (string or number), `built_in`"),
    (
        "metrics",
        "related metrics, one per key path: `key_path`, `file_key_path`, `time_frame`, `description`, `product_group`, `measure` (`total`/`unique`/`sum`), `unique_by`, `is_sum`, `file`, `trend_url`",
    ),
    ("count_metrics", "`metrics` without the sum metrics"),
    ("sum_metrics", "only the sum metrics of `metrics`"),
    ("has_weekly_metrics", "true when a related metric has a 7-day time frame"),
    ("metric_groups", "distinct groups of the metrics: `name`, `stage`, `url` (group dashboard)"),
    ("event_group", "the event's group: `name`, `stage`, `url`"),
    ("example_value", "`72`, the example `value` (what a sum metric increases by)"),
    ("divider", "the line of dashes around each snippet"),
];

/// The variables of the issue template and what they hold.
pub const ISSUE_VARIABLES: [(&str, &str); 4] = [
    ("objective", "the `--objective` text (empty keeps GitLab's guiding comment only)"),
    ("events", "`action`, `description`, `properties` (`name`, `description`), `features`, `product_group`"),
    (
        "metrics",
        "`key_path`, `key_paths`, `description`, `events` (`name`, `filter`, `display`), `count`, `time_frames`, `features`, `product_group`, `instrumentation_class`",
    ),
    ("group_labels", "scoped group labels (`group::code review`), one per distinct group"),
];

/// eventdef's escaping filters (nothing is escaped automatically) and what each is for.
pub const FILTERS: [(&str, &str); 19] = [
    ("ruby_str", "Ruby string literal (single quotes; double quotes with escapes for line breaks, `#` escaped)"),
    ("haml_str", "Ruby string literal inside HAML"),
    ("ruby_key", "Ruby hash label: bare (`class:`) or quoted (`'a-b':`)"),
    ("ruby_value", "an example value for Ruby: quoted string or bare number"),
    ("js_str", "JavaScript string literal"),
    ("js_key", "JavaScript object key"),
    ("js_value", "an example value for JavaScript: quoted string or bare number"),
    ("js_comment", "text for a `//` comment (never `</script>`)"),
    ("html_attr", "HTML/Vue attribute value"),
    ("html_attr_name", "part of an HTML/Vue attribute name"),
    ("html_value", "an example value inside an HTML attribute"),
    ("sql_str", "Snowflake string literal"),
    ("md_cell", "Markdown table cell text"),
    ("md_code", "Markdown inline code"),
    ("one_line", "text for a line comment (line breaks folded)"),
    ("sh_arg", "a shell word"),
    ("url_param", "a URL query value"),
    ("html", "HTML text and quoted attribute values (the dictionary's pages)"),
    ("url_path", "a relative path in a link, each segment percent-encoded"),
];

static FILTER_USE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\|\s*([A-Za-z_][A-Za-z0-9_]*)|\{%-?\s*filter\s+([A-Za-z_][A-Za-z0-9_]*)").expect("filter pattern")
});
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").expect("tag pattern"));

/// The filters a template's tags use, sorted.
fn filters_used(text: &str) -> Vec<String> {
    let mut names = BTreeSet::new();
    for tag in TAG.find_iter(text) {
        for caps in FILTER_USE.captures_iter(tag.as_str()) {
            if let Some(name) = caps.get(1).or_else(|| caps.get(2)) {
                names.insert(name.as_str().to_owned());
            }
        }
    }
    names.into_iter().collect()
}

/// The README `init` writes: how overrides work, then each template with the variables and
/// filters it uses, then what every variable and filter means.
pub fn readme() -> Result<String> {
    let templates = Templates::embedded()?;
    let code = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let mut out = String::from(
        "# eventdef templates\n\n\
         `eventdef templates init` copied eventdef's built-in templates here. eventdef uses the\n\
         `.tera` files in this folder instead of its built-in templates of the same name (in\n\
         `eventdef usage`, `eventdef issue` and the wizard's \"View Usage\"), so edit the ones you\n\
         want to change and delete the others: a deleted file falls back to the built-in template,\n\
         which stays up to date when eventdef is upgraded.\n\n\
         - `eventdef templates list` shows which templates are overridden here.\n\
         - `eventdef templates check` renders every template against a sample event and its\n  \
           metrics and reports each problem (unknown variable, unknown filter, syntax error) with\n  \
           file and line.\n\n\
         The templates are [tera](https://keats.github.io/tera/) 2 templates. They are strict: a\n\
         variable that is not listed below is an error, even inside `{% if %}`. Nothing is escaped\n\
         automatically; every value goes through the filter for the language it lands in.\n\n\
         ## Templates\n",
    );
    for (name, text, family) in EMBEDDED {
        let purpose = PURPOSES.iter().find(|(n, _)| *n == name).map(|(_, p)| *p).unwrap_or_default();
        let mut variables: Vec<String> = templates
            .variables(name)?
            .into_iter()
            .filter(|v| match family {
                Family::Usage => USAGE_VARIABLES.iter().any(|(n, _)| n == v),
                Family::Issue => ISSUE_VARIABLES.iter().any(|(n, _)| n == v),
                // The dictionary's variables are listed in the README's dictionary section.
                _ => true,
            })
            .collect();
        variables.sort();
        let filters = filters_used(text);
        out.push_str(&format!("\n### `{name}`\n\n{purpose}.\n\n"));
        out.push_str(&format!(
            "- Variables: {}\n",
            if variables.is_empty() { "none".to_owned() } else { code(&variables) }
        ));
        out.push_str(&format!("- Filters: {}\n", if filters.is_empty() { "none".to_owned() } else { code(&filters) }));
    }
    let table = |out: &mut String, title: &str, rows: &[(&str, &str)]| {
        out.push_str(&format!("\n## {title}\n\n| Name | Meaning |\n|---|---|\n"));
        for (name, meaning) in rows {
            out.push_str(&format!("| `{name}` | {meaning} |\n"));
        }
    };
    table(&mut out, "Variables of the usage templates (`usage/*.tera`)", &USAGE_VARIABLES);
    table(&mut out, "Variables of `issue.md.tera`", &ISSUE_VARIABLES);
    table(&mut out, "eventdef's filters", &FILTERS);
    out.push_str(
        "\ntera's own filters work too (`join`, `trim_end`, `upper`, …; see\n\
         <https://keats.github.io/tera/docs/#built-in-filters>).\n",
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<T: serde::Serialize>(data: &T) -> Vec<String> {
        match serde_json::to_value(data) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn every_variable_and_filter_is_described() {
        let mut usage: Vec<&str> = USAGE_VARIABLES.iter().map(|(n, _)| *n).collect();
        usage.sort_unstable();
        assert_eq!(usage, fields(&UsageContext::default()));
        let mut issue: Vec<&str> = ISSUE_VARIABLES.iter().map(|(n, _)| *n).collect();
        issue.sort_unstable();
        assert_eq!(issue, fields(&IssueContext::default()));
        let builtin_tera = ["join", "trim_end", "length"];
        for (name, text, _) in EMBEDDED {
            for filter in filters_used(text) {
                assert!(
                    FILTERS.iter().any(|(f, _)| *f == filter) || builtin_tera.contains(&filter.as_str()),
                    "{name}: filter {filter} is not described"
                );
            }
            assert!(PURPOSES.iter().any(|(n, _)| *n == name), "{name} has no purpose");
        }
    }

    #[test]
    fn filters_are_read_from_tags() {
        let text = "a | b\n{{ x | ruby_str }}{% filter trim_end %}{{ y|md_cell | join(sep=\",\") }}{% endfilter %}";
        assert_eq!(filters_used(text), ["join", "md_cell", "ruby_str", "trim_end"]);
    }

    #[test]
    fn the_sample_reaches_every_branch() {
        let (usage, issue) = sample_contexts();
        assert_eq!(usage.action, "apply_suggestion_in_merge_request");
        assert_eq!(usage.properties.len(), 3);
        assert!(!usage.count_metrics.is_empty() && !usage.sum_metrics.is_empty() && usage.has_weekly_metrics);
        assert_eq!(issue.metrics.len(), 3);
    }

    #[test]
    fn built_in_templates_check_clean() {
        let report = check(None).expect("checks");
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!((report.templates, report.overridden), (18, 0));
    }
}
