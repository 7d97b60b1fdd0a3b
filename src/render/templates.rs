//! The tera environment: the embedded templates, overrides from `--templates DIR`, the escaping
//! filters, and strictness (unknown filters, unknown variables and syntax errors are errors that
//! name the template file and line).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera, Value};

use super::escape::{self, Literal};
use crate::error::{Error, Result};

/// Which context a template is rendered with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Usage,
    Issue,
    /// The parts every page of `eventdef dictionary` shares (its header).
    DictionaryPage,
    DictionaryIndex,
    DictionaryDetail,
    DictionaryProblems,
    /// One Markdown page per product group (`eventdef dictionary --format markdown`).
    DictionaryGroup,
}

/// Every template, its embedded text, and its context. Names are paths relative to the
/// `templates/` folder; an override file has the same name (or just the same file name).
pub const EMBEDDED: [(&str, &str, Family); 18] = [
    ("usage/rails.tera", include_str!("../../templates/usage/rails.tera"), Family::Usage),
    ("usage/rspec.tera", include_str!("../../templates/usage/rspec.tera"), Family::Usage),
    ("usage/vue.tera", include_str!("../../templates/usage/vue.tera"), Family::Usage),
    ("usage/js.tera", include_str!("../../templates/usage/js.tera"), Family::Usage),
    ("usage/vue_template.tera", include_str!("../../templates/usage/vue_template.tera"), Family::Usage),
    ("usage/haml.tera", include_str!("../../templates/usage/haml.tera"), Family::Usage),
    ("usage/gdk.tera", include_str!("../../templates/usage/gdk.tera"), Family::Usage),
    ("usage/tableau.tera", include_str!("../../templates/usage/tableau.tera"), Family::Usage),
    ("usage/sql.tera", include_str!("../../templates/usage/sql.tera"), Family::Usage),
    (
        "usage/implementation_details.tera",
        include_str!("../../templates/usage/implementation_details.tera"),
        Family::Usage,
    ),
    ("usage/all.tera", include_str!("../../templates/usage/all.tera"), Family::Usage),
    ("issue.md.tera", include_str!("../../templates/issue.md.tera"), Family::Issue),
    (
        "dictionary/header.html.tera",
        include_str!("../../templates/dictionary/header.html.tera"),
        Family::DictionaryPage,
    ),
    ("dictionary/index.html.tera", include_str!("../../templates/dictionary/index.html.tera"), Family::DictionaryIndex),
    (
        "dictionary/definition.html.tera",
        include_str!("../../templates/dictionary/definition.html.tera"),
        Family::DictionaryPage,
    ),
    (
        "dictionary/detail.html.tera",
        include_str!("../../templates/dictionary/detail.html.tera"),
        Family::DictionaryDetail,
    ),
    (
        "dictionary/problems.html.tera",
        include_str!("../../templates/dictionary/problems.html.tera"),
        Family::DictionaryProblems,
    ),
    ("dictionary/group.md.tera", include_str!("../../templates/dictionary/group.md.tera"), Family::DictionaryGroup),
];

// The fields of the dictionary's page contexts (`dictionary::site`), listed here so that this
// room need not depend on the dictionary's (which renders with it); a test there checks that
// they are the fields of its types.
pub const DICTIONARY_PAGE_FIELDS: &[&str] = &["title", "page_title", "root", "problem_count"];
pub const DICTIONARY_INDEX_FIELDS: &[&str] =
    &["title", "page_title", "root", "problem_count", "metric_count", "event_count", "has_stages"];
pub const DICTIONARY_DETAIL_FIELDS: &[&str] = &["title", "page_title", "root", "problem_count", "detail"];
pub const DICTIONARY_PROBLEMS_FIELDS: &[&str] =
    &["title", "page_title", "root", "problem_count", "problems", "errors", "warnings", "files"];
pub const DICTIONARY_GROUP_FIELDS: &[&str] = &["title", "group", "section", "stage", "metrics", "events"];

/// Where a template's text came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Embedded,
    Override(PathBuf),
}

/// The embedded templates, possibly overridden from a folder (`--templates DIR`).
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    sources: BTreeMap<&'static str, Source>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("sources", &self.sources).finish_non_exhaustive()
    }
}

impl Default for Templates {
    /// The embedded templates. They are checked by the test suite, so building them cannot fail
    /// in a released binary; should it ever, rendering reports the missing template.
    fn default() -> Self {
        Templates::embedded().unwrap_or_else(|_| Templates { tera: base_tera(), sources: BTreeMap::new() })
    }
}

impl Templates {
    pub fn embedded() -> Result<Templates> {
        let mut tera = base_tera();
        tera.add_raw_templates(EMBEDDED.iter().map(|(name, text, _)| (*name, *text)))
            .map_err(|e| template_error(&e, |name| name.to_owned()))?;
        let sources = EMBEDDED.iter().map(|(name, _, _)| (*name, Source::Embedded)).collect();
        let templates = Templates { tera, sources };
        templates.check_variables()?;
        Ok(templates)
    }

    /// The embedded templates with every `*.tera` file under `dir` replacing the embedded
    /// template of the same name: the same relative path (`usage/rails.tera`) or just the same
    /// file name (`rails.tera`). A file matching no template is an error (a typo would otherwise
    /// be ignored silently).
    pub fn with_overrides(dir: &Path) -> Result<Templates> {
        let mut templates = Templates::embedded()?;
        for (path, name) in override_files(dir)? {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            templates.add_override(name, &path, &text)?;
        }
        templates.check_variables()?;
        Ok(templates)
    }

    /// As [`Self::with_overrides`], but every problem is collected instead of stopping at the
    /// first: an override that does not build is reported and the embedded template kept, and
    /// every unknown variable of every template is reported. For `eventdef templates check`.
    pub fn with_overrides_collecting(dir: &Path) -> Result<(Templates, Vec<Error>)> {
        let mut problems = Vec::new();
        let mut good = Vec::new();
        for (path, name) in override_files(dir)? {
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) => {
                    problems.push(Error::io(&path, e));
                    continue;
                }
            };
            // Each override alone first, so one broken file cannot leave tera half-updated.
            let mut alone = Templates::embedded()?;
            match alone.add_override(name, &path, &text) {
                Ok(()) => good.push((path, name, text)),
                Err(e) => problems.push(e),
            }
        }
        let mut templates = Templates::embedded()?;
        for (path, name, text) in &good {
            if let Err(e) = templates.add_override(name, path, text) {
                problems.push(e);
            }
        }
        problems.extend(templates.variable_problems()?);
        Ok((templates, problems))
    }

    fn add_override(&mut self, name: &'static str, path: &Path, text: &str) -> Result<()> {
        self.tera
            .add_raw_template(name, text)
            .map_err(|e| template_error(&e, |n| if n == name { path.display().to_string() } else { n.to_owned() }))?;
        self.sources.insert(name, Source::Override(path.to_path_buf()));
        Ok(())
    }

    /// The top-level names template `name` reads, with those of the templates it includes.
    pub fn variables(&self, name: &str) -> Result<Vec<String>> {
        let used = self.tera.get_template_variables(name).map_err(|e| template_error(&e, |n| self.display_name(n)))?;
        Ok(used.into_iter().map(str::to_owned).collect())
    }

    /// The override file of template `name`, if it has one.
    pub fn override_path(&self, name: &str) -> Option<&Path> {
        match self.sources.get(name) {
            Some(Source::Override(path)) => Some(path),
            _ => None,
        }
    }

    /// The file to name in messages about template `name`.
    fn display_name(&self, name: &str) -> String {
        match self.sources.get(name) {
            Some(Source::Override(path)) => path.display().to_string(),
            _ => format!("templates/{name}"),
        }
    }

    /// True when `name` was replaced by a file from `--templates`.
    pub fn is_overridden(&self, name: &str) -> bool {
        matches!(self.sources.get(name), Some(Source::Override(_)))
    }

    /// Render `name` with a context serialized from `data`.
    pub fn render<T: serde::Serialize>(&self, name: &str, data: &T) -> Result<String> {
        let context = Context::from_serialize(data)
            .map_err(|e| Error::Other(format!("cannot build the context for {name}: {e}")))?;
        self.tera.render(name, &context).map_err(|e| template_error(&e, |n| self.display_name(n)))
    }

    /// Render each of `names` with one context serialized from `data`: serializing the context
    /// once, not once per template, matters when many templates share it (the dictionary
    /// renders the nine usage snippets of thousands of events).
    pub fn render_each<T: serde::Serialize>(&self, names: &[&str], data: &T) -> Result<Vec<String>> {
        let context = Context::from_serialize(data).map_err(|e| {
            Error::Other(format!("cannot build the context for {}: {e}", names.first().copied().unwrap_or_default()))
        })?;
        names
            .iter()
            .map(|name| self.tera.render(name, &context).map_err(|e| template_error(&e, |n| self.display_name(n))))
            .collect()
    }

    /// Tera only fails on an undefined variable when it prints it; `{% if typo %}` would be
    /// silently false. Every top-level name a template reads must be a context field.
    fn check_variables(&self) -> Result<()> {
        match self.variable_problems()?.into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Every top-level name a template reads that is not a field of its context, each reported
    /// once, in the file and at the line that uses it.
    pub fn variable_problems(&self) -> Result<Vec<Error>> {
        let usage = field_names(&super::context::UsageContext::default());
        let issue = field_names(&super::context::IssueContext::default());
        let names = |fields: &[&str]| fields.iter().map(|f| (*f).to_owned()).collect::<BTreeSet<String>>();
        let page = names(DICTIONARY_PAGE_FIELDS);
        let index = names(DICTIONARY_INDEX_FIELDS);
        let detail = names(DICTIONARY_DETAIL_FIELDS);
        let problems_page = names(DICTIONARY_PROBLEMS_FIELDS);
        let group = names(DICTIONARY_GROUP_FIELDS);
        // Templates that include others come last, so a variable is reported in the file that
        // uses it rather than in a file including it.
        let mut order: Vec<(&str, Family)> = EMBEDDED.iter().map(|(n, _, f)| (*n, *f)).collect();
        order.sort_by_key(|(name, _)| self.source_text(name).is_some_and(|t| t.contains("include")));
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for (name, family) in order {
            let known = match family {
                Family::Usage => &usage,
                Family::Issue => &issue,
                Family::DictionaryPage => &page,
                Family::DictionaryIndex => &index,
                Family::DictionaryDetail => &detail,
                Family::DictionaryProblems => &problems_page,
                Family::DictionaryGroup => &group,
            };
            let used =
                self.tera.get_template_variables(name).map_err(|e| template_error(&e, |n| self.display_name(n)))?;
            let mut unknown: Vec<&str> = used.into_iter().filter(|v| !known.contains(*v)).collect();
            unknown.sort_unstable();
            for var in unknown {
                let (file, line) = self.locate_variable(name, var);
                if seen.insert((file.clone(), line, var.to_owned())) {
                    problems.push(Error::Template {
                        template: file,
                        line,
                        message: format!(
                            "unknown variable `{var}`; the variables are: {}",
                            known.iter().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    });
                }
            }
        }
        Ok(problems)
    }

    /// The file and first line where `var` appears as a word inside a tag of `name` or of a
    /// template it includes.
    fn locate_variable(&self, name: &str, var: &str) -> (String, Option<u32>) {
        let mut candidates = vec![name];
        let family = EMBEDDED.iter().find(|(n, _, _)| *n == name).map(|(_, _, f)| *f);
        candidates.extend(EMBEDDED.iter().filter(|(n, _, f)| *n != name && Some(*f) == family).map(|(n, _, _)| *n));
        for candidate in candidates {
            if let Some(text) = self.source_text(candidate)
                && let Some(line) = find_word_in_tags(&text, var)
            {
                return (self.display_name(candidate), Some(line));
            }
        }
        (self.display_name(name), None)
    }

    fn source_text(&self, name: &str) -> Option<String> {
        match self.sources.get(name) {
            Some(Source::Override(path)) => std::fs::read_to_string(path).ok(),
            _ => EMBEDDED.iter().find(|(n, _, _)| *n == name).map(|(_, t, _)| (*t).to_owned()),
        }
    }
}

/// The `.tera` files under `dir` (symbolic links followed, sorted by path) and the template
/// each replaces. A `.tera` file matching no template is an error; other files are ignored.
pub fn override_files(dir: &Path) -> Result<Vec<(PathBuf, &'static str)>> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!("--templates {}: not a folder", dir.display())));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
            Error::Usage(format!("{}: {e}", path.display()))
        })?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|ext| ext != "tera") {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let name = match_template_name(&rel).ok_or_else(|| {
            Error::Usage(format!(
                "{}: no template is called `{rel}`; the templates are: {}",
                entry.path().display(),
                EMBEDDED.iter().map(|(n, _, _)| *n).collect::<Vec<_>>().join(", ")
            ))
        })?;
        files.push((entry.path().to_path_buf(), name));
    }
    Ok(files)
}

fn match_template_name(rel: &str) -> Option<&'static str> {
    if let Some((name, _, _)) = EMBEDDED.iter().find(|(n, _, _)| *n == rel) {
        return Some(name);
    }
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let mut by_file_name = EMBEDDED.iter().filter(|(n, _, _)| n.rsplit('/').next() == Some(file_name));
    match (by_file_name.next(), by_file_name.next()) {
        (Some((name, _, _)), None) => Some(name),
        _ => None,
    }
}

fn field_names<T: serde::Serialize>(data: &T) -> BTreeSet<String> {
    match serde_json::to_value(data) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => BTreeSet::new(),
    }
}

/// First line (1-based) where `word` appears as a whole word between `{{`/`{%` and `}}`/`%}`.
fn find_word_in_tags(text: &str, word: &str) -> Option<u32> {
    let mut in_tag = false;
    let bytes = text.as_bytes();
    let mut line = 1u32;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            line += 1;
        }
        if !in_tag && bytes[i] == b'{' && matches!(bytes.get(i + 1), Some(b'{') | Some(b'%')) {
            in_tag = true;
            i += 2;
            continue;
        }
        if in_tag && matches!(bytes[i], b'}' | b'%') && bytes.get(i + 1) == Some(&b'}') {
            in_tag = false;
            i += 2;
            continue;
        }
        if in_tag && text[i..].starts_with(word) {
            let before_ok = i == 0 || !is_word_byte(bytes[i - 1]);
            let after_ok = bytes.get(i + word.len()).is_none_or(|b| !is_word_byte(*b));
            if before_ok && after_ok {
                return Some(line);
            }
        }
        i += 1;
    }
    None
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
}

/// Turn a tera error into ours: the file (the override's path, or `templates/<name>`), the line
/// and tera's report with the offending source line.
fn template_error(err: &tera::Error, display: impl Fn(&str) -> String) -> Error {
    let (name, line, report) = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (r.filename().to_owned(), Some(r.span().start_line as u32), err.to_string())
        }
        _ => {
            let report = err.to_string();
            let (name, line) = locus_in_report(&report).unwrap_or_default();
            (name, line, report)
        }
    };
    let message = report.strip_prefix("error: ").unwrap_or(&report).to_owned();
    let template = if name.is_empty() { "templates".to_owned() } else { display(&name) };
    Error::Template { template, line, message }
}

/// The template name and line in a report's first `--> name:line:col` line.
fn locus_in_report(report: &str) -> Option<(String, Option<u32>)> {
    let locus = report.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = locus.rsplitn(3, ':');
    let _col = parts.next()?;
    let line = parts.next()?.parse().ok();
    let name = parts.next()?.to_owned();
    Some((name, line))
}

/// A tera instance with no autoescaping (each value is escaped for its language by an explicit
/// filter) and the escaping filters registered.
fn base_tera() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.register_filter("ruby_str", |s: &str, _: Kwargs, _: &State| escape::ruby_str(s));
    tera.register_filter("haml_str", |s: &str, _: Kwargs, _: &State| escape::ruby_str(s));
    tera.register_filter("ruby_key", |s: &str, _: Kwargs, _: &State| escape::ruby_key(s));
    tera.register_filter("ruby_value", |v: &Value, _: Kwargs, _: &State| literal(v).map(|l| escape::ruby_literal(&l)));
    tera.register_filter("js_str", |s: &str, _: Kwargs, _: &State| escape::js_str(s));
    tera.register_filter("js_key", |s: &str, _: Kwargs, _: &State| escape::js_key(s));
    tera.register_filter("js_value", |v: &Value, _: Kwargs, _: &State| literal(v).map(|l| escape::js_literal(&l)));
    tera.register_filter("js_comment", |s: &str, _: Kwargs, _: &State| escape::js_comment(s));
    tera.register_filter("one_line", |s: &str, _: Kwargs, _: &State| escape::one_line(s));
    tera.register_filter("html_attr", |s: &str, _: Kwargs, _: &State| escape::html_attr(s));
    tera.register_filter("html_attr_name", |s: &str, _: Kwargs, _: &State| escape::html_attr_name(s));
    tera.register_filter("html", |s: &str, _: Kwargs, _: &State| escape::html_text(s));
    tera.register_filter("url_path", |s: &str, _: Kwargs, _: &State| escape::url_path(s));
    tera.register_filter("html_value", |v: &Value, _: Kwargs, _: &State| literal(v).map(|l| escape::html_literal(&l)));
    tera.register_filter("sql_str", |s: &str, _: Kwargs, _: &State| escape::sql_str(s));
    tera.register_filter("md_cell", |s: &str, _: Kwargs, _: &State| escape::md_cell(s));
    tera.register_filter("md_code", |s: &str, _: Kwargs, _: &State| escape::md_code(s));
    tera.register_filter("sh_arg", |s: &str, _: Kwargs, _: &State| escape::sh_arg(s));
    tera.register_filter("url_param", |s: &str, _: Kwargs, _: &State| escape::url_param(s));
    tera
}

fn literal(value: &Value) -> tera::TeraResult<Literal<'_>> {
    if let Some(s) = value.as_str() {
        return Ok(Literal::Str(s));
    }
    if let Some(i) = value.as_i64() {
        return Ok(Literal::Number(i.to_string()));
    }
    if let Some(f) = value.as_f64() {
        return Ok(Literal::Number(f.to_string()));
    }
    Err(tera::Error::message(format!("expected a string or a number, got a {}", value.name())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_templates_build() {
        let t = Templates::embedded().unwrap();
        assert!(!t.is_overridden("usage/rails.tera"));
    }

    #[test]
    fn template_names_match_by_path_or_file_name() {
        assert_eq!(match_template_name("usage/rails.tera"), Some("usage/rails.tera"));
        assert_eq!(match_template_name("rails.tera"), Some("usage/rails.tera"));
        assert_eq!(match_template_name("x/issue.md.tera"), Some("issue.md.tera"));
        assert_eq!(match_template_name("rail.tera"), None);
    }

    #[test]
    fn words_in_tags() {
        let text = "text foo\n{{ bar }}\n{% if foo %}x{% endif %}";
        assert_eq!(find_word_in_tags(text, "foo"), Some(3));
        assert_eq!(find_word_in_tags(text, "bar"), Some(2));
        assert_eq!(find_word_in_tags(text, "ba"), None);
    }

    #[test]
    fn locus_is_read_from_reports() {
        let report = "error: Unknown filter `x`\n --> usage/rails.tera:12:8\n  |";
        assert_eq!(locus_in_report(report), Some(("usage/rails.tera".to_owned(), Some(12))));
    }
}
