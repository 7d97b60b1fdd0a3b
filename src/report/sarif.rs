//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards and editors.
//!
//! One run; `tool.driver.rules` is the whole rule catalog (id, one-line help, the explanation
//! as `fullDescription`, explanation and examples as `help` text and Markdown, the GitLab page as
//! `helpUri`, default level, category); each finding is a result with `ruleId`/`ruleIndex`, `level`, `message` and a
//! physical location whose URI is relative to the `SRCROOT` base in `originalUriBaseIds`
//! (the project folder, see [`ReportContext`]), and its related places as `relatedLocations`
//! (each with its message), which the result's message links to with SARIF's `[text](id)`
//! embedded links. Columns count Unicode code points, as ours do.
//! Hand-written serde structs: the subset we emit is small, and a generated binding of the
//! whole schema would cost more to build than it saves.

use std::collections::BTreeMap;
use std::path::Path;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;

use super::{ReportContext, catalog, fingerprints};
use crate::diagnostics::{Diagnostic, RuleInfo, Severity};
use crate::rules::{self, Outcome};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The `uriBaseId` every result location is relative to.
pub const SRCROOT: &str = "SRCROOT";

/// Characters escaped in URI paths: everything but unreserved characters, `/` and `:`.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'[')
    .add(b']')
    .add(b'^')
    .add(b'|')
    .add(b'\\');

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    short_description: Message,
    full_description: Message,
    help: MultiformatMessage,
    help_uri: &'static str,
    default_configuration: Configuration,
    properties: Properties,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
struct MultiformatMessage {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Properties {
    category: &'static str,
    tags: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    /// Set on related locations, which the result's message refers to by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// `file:///abs/dir/` for an absolute folder (SARIF wants base URIs to end with a slash).
pub fn folder_uri(dir: &Path) -> String {
    let mut path = dir.to_string_lossy().replace('\\', "/");
    if !path.ends_with('/') {
        path.push('/');
    }
    let encoded = utf8_percent_encode(&path, PATH).to_string();
    if encoded.starts_with('/') { format!("file://{encoded}") } else { format!("file:///{encoded}") }
}

fn descriptor(rule: &RuleInfo) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.id,
        short_description: Message { text: rule.help.to_owned() },
        full_description: Message { text: rule.explanation.to_owned() },
        help: MultiformatMessage { text: catalog::explain(rule), markdown: catalog::explain_markdown(rule) },
        help_uri: rule.docs,
        default_configuration: Configuration { level: level(rule.severity) },
        properties: Properties { category: rule.category.as_str(), tags: [rule.category.as_str()] },
    }
}

fn physical(context: &ReportContext, path: &str, line: u32, column: u32) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: Some(utf8_percent_encode(&context.path(path), PATH).to_string()),
            uri_base_id: Some(SRCROOT),
            description: None,
        },
        region: Region { start_line: line.max(1), start_column: column.max(1) },
    }
}

/// The result's message: ours, then a link to each related location (`see [here](0)`), so
/// viewers that follow SARIF's embedded links lead to them. Brackets in the message are escaped
/// as the format asks (§3.11.6).
fn message(d: &Diagnostic, context: &ReportContext) -> String {
    if d.related.is_empty() {
        return d.message.clone();
    }
    let links: Vec<String> = d
        .related
        .iter()
        .enumerate()
        .map(|(id, r)| format!("[{}]({id})", escape_brackets(&format!("{}:{}", context.path(&r.path), r.line))))
        .collect();
    format!("{} (see {})", escape_brackets(&d.message), links.join(", "))
}

fn escape_brackets(text: &str) -> String {
    text.replace('\\', "\\\\").replace('[', "\\[").replace(']', "\\]")
}

pub fn render(outcome: &Outcome, context: &ReportContext) -> String {
    let catalog = rules::catalog();
    let results = outcome
        .diagnostics
        .iter()
        .zip(fingerprints(&outcome.diagnostics, context))
        .map(|(d, fingerprint)| SarifResult {
            rule_id: d.rule,
            rule_index: catalog.iter().position(|r| r.id == d.rule),
            level: level(d.severity),
            message: Message { text: message(d, context) },
            locations: [Location {
                id: None,
                physical_location: physical(context, &d.path, d.line, d.column),
                message: None,
            }],
            related_locations: d
                .related
                .iter()
                .enumerate()
                .map(|(id, r)| Location {
                    id: Some(id),
                    physical_location: physical(context, &r.path, r.line, r.column),
                    message: Some(Message { text: r.message.clone() }),
                })
                .collect(),
            partial_fingerprints: BTreeMap::from([("eventdefFingerprint/v1", fingerprint)]),
        })
        .collect();
    let srcroot = ArtifactLocation {
        uri: context.base_dir.as_deref().map(folder_uri),
        uri_base_id: None,
        description: Some(Message { text: "The project folder (the top of the git work tree, or --root)".into() }),
    };
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "eventdef",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: catalog.iter().map(|r| descriptor(r)).collect(),
                },
            },
            original_uri_base_ids: BTreeMap::from([(SRCROOT, srcroot)]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_uris() {
        assert_eq!(folder_uri(Path::new("/work/my repo")), "file:///work/my%20repo/");
        assert_eq!(folder_uri(Path::new("/a/b/")), "file:///a/b/");
        assert_eq!(folder_uri(Path::new("C:\\x\\y")), "file:///C:/x/y/");
    }
}
