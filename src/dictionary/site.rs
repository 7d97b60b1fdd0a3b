//! The dictionary's outputs as files: the static site (`index.html`, a data file, the script
//! and style, the definition page and its shards, the problems page), one JSON file, or
//! Markdown pages. Every page comes from a template of `templates/dictionary/`.
//!
//! Each definition's page is rendered here by `dictionary/detail.html.tera`, but not written
//! as a file of its own: ten thousand small files made the build slow (creating them, not
//! rendering them) and ten thousand copies of similar snippets made the site many times the
//! size of its YAML. The pages go, gzip-compressed, into [`DETAIL_SHARDS`] scripts
//! (`assets/details/NNN.js`), and `definition.html?id=FILE` loads the one holding FILE by a
//! `<script>` tag (which, unlike `fetch`, works from `file://`), and decompresses it with the
//! browser's `DecompressionStream`.

use std::path::Path;

use serde::Serialize;

use super::model::{Detail, Dictionary, EventRow, MetricRow, Problem};
use crate::atomic_write::FileToWrite;
use crate::error::{Error, Result};
use crate::render::Templates;

/// The file that marks a folder as a dictionary's output, which the next build may replace.
pub const MARKER: &str = ".eventdef-dictionary";
const MARKER_TEXT: &str = "This folder is the output of `eventdef dictionary`; the next build replaces all of it.\n";

/// The scripts, style and 404 page of the site: plain files, replaced by files of the same name
/// in `--templates DIR` (`dictionary.js`, `dictionary.css`, `definition.js`, `404.html`, or
/// under `dictionary/`).
pub const SCRIPT: &str = include_str!("../../templates/dictionary/dictionary.js");
pub const STYLE: &str = include_str!("../../templates/dictionary/dictionary.css");
/// The script of `definition.html`, which shows one definition's page from its shard.
pub const DEFINITION_SCRIPT: &str = include_str!("../../templates/dictionary/definition.js");
/// The page static hosts show for a missing path (`404.html`), which sends links of the
/// earlier layout (`d/FILE.html`) on to `definition.html?id=FILE`.
pub const NOT_FOUND_PAGE: &str = include_str!("../../templates/dictionary/404.html");

/// How many scripts hold the definitions' pages; `definition.js` has the same number.
pub const DETAIL_SHARDS: u32 = 128;

/// The shard holding the page of the definition in `file`: FNV-1a (32 bits) of its UTF-8
/// bytes, which `definition.js` computes the same way, modulo [`DETAIL_SHARDS`]. A hash, not
/// an order, so the page needs no table of which file is where.
pub fn shard_of(file: &str) -> u32 {
    let hash = file.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
    hash % DETAIL_SHARDS
}

/// The path of shard `n` in the site.
pub fn shard_path(n: u32) -> String {
    format!("assets/details/{n:03}.js")
}

/// What the header of every page reads.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageCommon {
    /// The dictionary's title (`--title`).
    pub title: String,
    /// This page's own title.
    pub page_title: String,
    /// The way back to the site root from this page (`""` or `../../`).
    pub root: String,
    pub problem_count: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexPage {
    #[serde(flatten)]
    pub page: PageCommon,
    pub metric_count: usize,
    pub event_count: usize,
    /// True when sections and stages are known (a stages file), so their facets are shown.
    pub has_stages: bool,
}

/// Borrows its definition: copying ten thousand details only to render them cost time.
#[derive(Debug, Clone, Serialize)]
pub struct DetailPage<'d> {
    #[serde(flatten)]
    pub page: PageCommon,
    pub detail: &'d Detail,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ProblemsPage {
    #[serde(flatten)]
    pub page: PageCommon,
    pub problems: Vec<Problem>,
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

/// One product group's Markdown page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupPage {
    pub title: String,
    /// The group's name, or empty for the definitions without one.
    pub group: String,
    pub section: String,
    pub stage: String,
    pub metrics: Vec<MetricRow>,
    pub events: Vec<EventRow>,
}

/// The data file the index page reads: a script, not JSON, because pages opened from disk
/// (`file://`) may not fetch files beside them, but may load scripts.
#[derive(Serialize)]
struct Data<'d> {
    title: &'d str,
    has_stages: bool,
    metrics: &'d [MetricRow],
    events: &'d [EventRow],
}

/// The site's plain files: scripts and style.
#[derive(Debug, Clone)]
pub struct Assets {
    pub script: String,
    pub style: String,
    pub definition_script: String,
    pub not_found_page: String,
}

/// The scripts and style, from `dir` when it has replacements.
pub fn assets(dir: Option<&Path>) -> Result<Assets> {
    let read = |name: &str, embedded: &str| -> Result<String> {
        if let Some(dir) = dir {
            for candidate in [dir.join(name), dir.join("dictionary").join(name)] {
                if candidate.is_file() {
                    return std::fs::read_to_string(&candidate).map_err(|e| Error::io(&candidate, e));
                }
            }
        }
        Ok(embedded.to_owned())
    };
    Ok(Assets {
        script: read("dictionary.js", SCRIPT)?,
        style: read("dictionary.css", STYLE)?,
        definition_script: read("definition.js", DEFINITION_SCRIPT)?,
        not_found_page: read("404.html", NOT_FOUND_PAGE)?,
    })
}

fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

fn json_text<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Other(format!("cannot write the dictionary's data: {e}")))
}

/// The static site's files.
pub fn site_files(dictionary: &Dictionary, templates: &Templates, assets: &Assets) -> Result<Vec<FileToWrite>> {
    let has_stages =
        dictionary.metrics.iter().any(|m| !m.stage.is_empty()) || dictionary.events.iter().any(|e| !e.stage.is_empty());
    let problem_count = dictionary.problems.len();
    let common = |page_title: &str, page: &str| PageCommon {
        title: dictionary.title.clone(),
        page_title: page_title.to_owned(),
        root: root_of(page),
        problem_count,
    };
    let mut files = vec![
        FileToWrite { path: MARKER.into(), content: MARKER_TEXT.into() },
        FileToWrite { path: "assets/dictionary.js".into(), content: assets.script.clone() },
        FileToWrite { path: "assets/dictionary.css".into(), content: assets.style.clone() },
        FileToWrite { path: "assets/definition.js".into(), content: assets.definition_script.clone() },
        FileToWrite { path: "404.html".into(), content: assets.not_found_page.clone() },
    ];
    let data = Data { title: &dictionary.title, has_stages, metrics: &dictionary.metrics, events: &dictionary.events };
    files.push(FileToWrite {
        path: "assets/data.js".into(),
        content: format!("window.EVENTDEF_DICTIONARY = {};\n", json_text(&data)?),
    });
    let index = IndexPage {
        page: common(&dictionary.title, "index.html"),
        metric_count: dictionary.metrics.len(),
        event_count: dictionary.events.len(),
        has_stages,
    };
    files.push(FileToWrite {
        path: "index.html".into(),
        content: templates.render("dictionary/index.html.tera", &index)?,
    });
    let problems = ProblemsPage {
        page: common("Problems", "problems.html"),
        problems: dictionary.problems.clone(),
        errors: dictionary.errors(),
        warnings: problem_count - dictionary.errors(),
        files: dictionary.files_with_problems(),
    };
    files.push(FileToWrite {
        path: "problems.html".into(),
        content: templates.render("dictionary/problems.html.tera", &problems)?,
    });
    files.push(FileToWrite {
        path: "definition.html".into(),
        content: templates.render("dictionary/definition.html.tera", &common("Definition", "definition.html"))?,
    });
    files.extend(detail_shards(dictionary, templates, &common)?);
    Ok(files)
}

/// Every definition's page, rendered (in parallel) and packed into its shard: a script calling
/// `window.__eventdefDetails(n, "…")` with the base64 of the gzip of a JSON object from file
/// path to page. gzip's default level, not its fastest: on 10,000 definitions it makes the
/// shards about half as big (the size target) for about a tenth of a second more.
fn detail_shards(
    dictionary: &Dictionary,
    templates: &Templates,
    common: &(dyn Fn(&str, &str) -> PageCommon + Sync),
) -> Result<Vec<FileToWrite>> {
    use base64::Engine as _;
    use rayon::prelude::*;
    use std::io::Write as _;
    let pages: Vec<(u32, &str, String)> = dictionary
        .details
        .par_iter()
        .map(|detail| {
            let page = DetailPage { page: common(&detail.name, "definition.html"), detail };
            Ok((shard_of(&detail.file), detail.file.as_str(), templates.render("dictionary/detail.html.tera", &page)?))
        })
        .collect::<Result<_>>()?;
    let mut shards: std::collections::BTreeMap<u32, std::collections::BTreeMap<&str, &str>> = Default::default();
    for (shard, file, page) in &pages {
        shards.entry(*shard).or_default().insert(file, page);
    }
    let shards: Vec<(u32, _)> = shards.into_iter().collect();
    shards
        .par_iter()
        .map(|(n, pages)| {
            let json = json_text(pages)?;
            let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            let compressed = gzip
                .write_all(json.as_bytes())
                .and_then(|()| gzip.finish())
                .map_err(|e| Error::Other(format!("cannot compress the dictionary's pages: {e}")))?;
            let text = base64::engine::general_purpose::STANDARD.encode(compressed);
            Ok(FileToWrite { path: shard_path(*n), content: format!("window.__eventdefDetails({n}, \"{text}\");\n") })
        })
        .collect()
}

/// `--format json`: one file with every definition, its fields and its links.
pub fn json_files(dictionary: &Dictionary) -> Result<Vec<FileToWrite>> {
    #[derive(Serialize)]
    struct Entry<'d, R> {
        #[serde(flatten)]
        row: &'d R,
        definition: &'d serde_json::Value,
    }
    #[derive(Serialize)]
    struct Json<'d> {
        title: &'d str,
        metrics: Vec<Entry<'d, MetricRow>>,
        events: Vec<Entry<'d, EventRow>>,
        problems: &'d [Problem],
    }
    static NULL: serde_json::Value = serde_json::Value::Null;
    let by_file: std::collections::HashMap<&str, &serde_json::Value> =
        dictionary.details.iter().map(|d| (d.file.as_str(), &d.definition)).collect();
    let lookup = |file: &str| by_file.get(file).copied().unwrap_or(&NULL);
    let json = Json {
        title: &dictionary.title,
        metrics: dictionary.metrics.iter().map(|row| Entry { row, definition: lookup(&row.file) }).collect(),
        events: dictionary.events.iter().map(|row| Entry { row, definition: lookup(&row.file) }).collect(),
        problems: &dictionary.problems,
    };
    let text = serde_json::to_string_pretty(&json)
        .map_err(|e| Error::Other(format!("cannot write the dictionary's data: {e}")))?;
    Ok(vec![
        FileToWrite { path: MARKER.into(), content: MARKER_TEXT.into() },
        FileToWrite { path: "dictionary.json".into(), content: text + "\n" },
    ])
}

/// A file name for a group's page: its name with anything but letters, digits, `_` and `-`
/// replaced, so no group name can leave the folder.
pub fn group_file(group: &str) -> String {
    if group.is_empty() {
        return "no-group.md".into();
    }
    let safe: String =
        group.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    format!("{safe}.md")
}

/// `--format markdown`: one page per product group and an index (`README.md`) linking them.
pub fn markdown_files(dictionary: &Dictionary, templates: &Templates) -> Result<Vec<FileToWrite>> {
    let mut files = vec![FileToWrite { path: MARKER.into(), content: MARKER_TEXT.into() }];
    let mut index = format!(
        "# {}\n\n| Group | Metrics | Events |\n|---|---|---|\n",
        crate::render::escape::md_cell(&dictionary.title)
    );
    let mut used = std::collections::HashSet::new();
    for (group, (metrics, events)) in dictionary.by_group() {
        let mut name = group_file(group);
        // Two names that differ only in replaced characters get distinct files.
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{}-{n}.md", group_file(group).trim_end_matches(".md"));
            n += 1;
        }
        let first_metric = metrics.first().map(|&i| &dictionary.metrics[i]);
        let first_event = events.first().map(|&i| &dictionary.events[i]);
        let (section, stage) = first_metric
            .map(|m| (m.section.clone(), m.stage.clone()))
            .or_else(|| first_event.map(|e| (e.section.clone(), e.stage.clone())))
            .unwrap_or_default();
        let page = GroupPage {
            title: dictionary.title.clone(),
            group: group.to_owned(),
            section,
            stage,
            metrics: metrics.iter().map(|&i| dictionary.metrics[i].clone()).collect(),
            events: events.iter().map(|&i| dictionary.events[i].clone()).collect(),
        };
        let shown = if group.is_empty() { "(no group)" } else { group };
        index.push_str(&format!(
            "| [{}]({}) | {} | {} |\n",
            crate::render::escape::md_cell(shown),
            name,
            metrics.len(),
            events.len()
        ));
        files.push(FileToWrite { content: templates.render("dictionary/group.md.tera", &page)?, path: name });
    }
    files.push(FileToWrite { path: "README.md".into(), content: index });
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::templates as t;

    fn fields<T: Serialize>(value: &T) -> Vec<String> {
        let mut names: Vec<String> = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        names.sort();
        names
    }

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn the_render_room_knows_every_page_field() {
        assert_eq!(fields(&PageCommon::default()), sorted(t::DICTIONARY_PAGE_FIELDS));
        assert_eq!(fields(&IndexPage::default()), sorted(t::DICTIONARY_INDEX_FIELDS));
        assert_eq!(
            fields(&DetailPage { page: PageCommon::default(), detail: &Detail::default() }),
            sorted(t::DICTIONARY_DETAIL_FIELDS)
        );
        assert_eq!(fields(&ProblemsPage::default()), sorted(t::DICTIONARY_PROBLEMS_FIELDS));
        assert_eq!(fields(&GroupPage::default()), sorted(t::DICTIONARY_GROUP_FIELDS));
    }
}
