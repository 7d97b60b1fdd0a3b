//! `eventdef dictionary`: the site's files and pages, JSON and Markdown, what it refuses to
//! overwrite, hostile text, and the site driven in headless Chromium.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support;

const BIN: &str = env!("CARGO_BIN_EXE_eventdef");

fn fixture() -> PathBuf {
    support::crate_dir().join("fixtures/dictionary/repo")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"))
}

fn dictionary(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let root = root.to_string_lossy();
    let out = out.to_string_lossy();
    let mut args = vec!["dictionary", "--root", root.as_ref(), "--out", out.as_ref()];
    args.extend_from_slice(extra);
    run(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture's site, written once per test into its own folder.
fn site(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let output = dictionary(&fixture(), &out, extra);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    (dir, out)
}

/// The data file's JSON (after `window.EVENTDEF_DICTIONARY = `).
fn site_data(out: &Path) -> serde_json::Value {
    let data = read(&out.join("assets/data.js"));
    let json = data
        .strip_prefix("window.EVENTDEF_DICTIONARY = ")
        .and_then(|rest| rest.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("data.js is not one assignment: {}", &data[..80.min(data.len())]));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("data.js: {e}"))
}

/// Every definition's page in the site: each `assets/details/NNN.js` is
/// `window.__eventdefDetails(n, "BASE64");`, the base64 of the gzip of a JSON object from file
/// path to page.
fn detail_pages(out: &Path) -> std::collections::BTreeMap<String, String> {
    use base64::Engine as _;
    use std::io::Read as _;
    let mut pages = std::collections::BTreeMap::new();
    for (rel, bytes) in support::file_tree(&out.join("assets/details")) {
        let script = text(&bytes);
        let n: u32 = rel.trim_end_matches(".js").parse().unwrap_or_else(|e| panic!("{rel}: {e}"));
        let base64 = script
            .strip_prefix(&format!("window.__eventdefDetails({n}, \""))
            .and_then(|rest| rest.strip_suffix("\");\n"))
            .unwrap_or_else(|| panic!("{rel} is not one call: {}", &script[..80.min(script.len())]));
        let gzip = base64::engine::general_purpose::STANDARD.decode(base64).expect("base64");
        let mut json = String::new();
        flate2::read::GzDecoder::new(gzip.as_slice()).read_to_string(&mut json).expect("gzip");
        let shard: std::collections::BTreeMap<String, String> = serde_json::from_str(&json).expect("JSON");
        for file in shard.keys() {
            assert_eq!(eventdef::dictionary::site::shard_of(file), n, "{file} is in the wrong shard");
        }
        pages.extend(shard);
    }
    pages
}

/// The page of the definition in `file`.
fn detail(out: &Path, file: &str) -> String {
    detail_pages(out).remove(file).unwrap_or_else(|| panic!("no page for {file}"))
}

#[test]
fn the_site_has_an_index_a_page_per_definition_and_a_problems_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let output = dictionary(&fixture(), &out, &["--repo-url", "https://gitlab.example/group/project/-/blob/main/"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        format!(
            "wrote the dictionary of 8 metrics and 6 events to {} (5 problems in 2 files, listed on problems.html)\n",
            out.display()
        )
    );
    let files: Vec<String> =
        support::file_tree(&out).into_keys().filter(|p| !p.starts_with("assets/details/")).collect();
    let expected = vec![
        ".eventdef-dictionary",
        "404.html",
        "assets/data.js",
        "assets/definition.js",
        "assets/dictionary.css",
        "assets/dictionary.js",
        "definition.html",
        "index.html",
        "problems.html",
    ];
    assert_eq!(files, expected);
    // A page per definition, in the shards.
    let definitions: Vec<String> =
        support::file_tree(&fixture()).into_keys().filter(|p| p != "config/events/not_yaml.yml").collect();
    assert_eq!(detail_pages(&out).into_keys().collect::<Vec<_>>(), definitions);

    // Self-contained: nothing is loaded from elsewhere.
    for (rel, bytes) in support::file_tree(&out) {
        let page = text(&bytes);
        for remote in ["src=\"http", "href=\"http", "src=\"//", "@import", "fetch("] {
            if rel.ends_with(".html") && remote.starts_with("href") {
                continue; // links to the repository and to GitLab are fine; loading is not
            }
            assert!(!page.contains(remote), "{rel} loads something remote: `{remote}`");
        }
    }
    let index = read(&out.join("index.html"));
    assert!(index.contains("<script src=\"assets/data.js\"></script>"), "{index}");

    let data = site_data(&out);
    assert_eq!(data["metrics"].as_array().map(Vec::len), Some(8));
    assert_eq!(data["events"].as_array().map(Vec::len), Some(6));
    let event = data["events"]
        .as_array()
        .and_then(|events| events.iter().find(|e| e["action"] == "apply_suggestion_in_merge_request"))
        .expect("the event is in the data");
    assert_eq!(event["kind"], "internal");
    assert_eq!(event["metrics"].as_array().map(Vec::len), Some(4), "{event}");

    // The detail page of a metric: its file linked, its event linked, every field, the source.
    let page = detail(&out, "config/metrics/counts_all/count_total_apply_suggestion_in_merge_request.yml");
    assert!(page.contains(
        "<a href=\"https://gitlab.example/group/project/-/blob/main/config/metrics/counts_all/count_total_apply_suggestion_in_merge_request.yml\">"
    ), "{page}");
    assert!(
        page.contains("<a href=\"definition.html?id=config/events/apply_suggestion_in_merge_request.yml\"><code>apply_suggestion_in_merge_request</code></a>"),
        "{page}"
    );
    assert!(page.contains("<tr><th scope=\"row\">time_frame</th><td>28d, 7d, all</td></tr>"), "{page}");
    assert!(page.contains("Data verification in Snowflake (SQL) for apply_suggestion_in_merge_request"), "{page}");
    assert!(
        page.contains(
            "<pre class=\"source\"><code>---\nkey_path: counts.count_total_apply_suggestion_in_merge_request\n"
        )
    );

    // The event's page has the usage snippets from the `usage` templates.
    let page = detail(&out, "config/events/apply_suggestion_in_merge_request.yml");
    for title in ["ruby/rails", "javascript (vue)", "Data verification in Snowflake (SQL)"] {
        assert!(page.contains(&format!("<summary>{title}</summary>")), "no {title} snippet");
    }
    assert!(page.contains("track_internal_event(\n  &#39;apply_suggestion_in_merge_request&#39;,"), "{page}");

    // Removed definitions are marked, in the data and on their page.
    let page = detail(&out, "config/events/removed/click_apply_suggestion_button.yml");
    assert!(page.contains("<p class=\"banner removed\" role=\"note\"><strong>Removed.</strong>"), "{page}");
}

#[test]
fn invalid_files_still_build_and_are_listed_on_the_problems_page() {
    let (_dir, out) = site(&[]);
    let problems = read(&out.join("problems.html"));
    assert!(problems.contains("5 errors and 0 warnings in 2 files"), "{problems}");
    // A file that is not YAML has no page, but is listed.
    assert!(problems.contains("<td><code>config/events/not_yaml.yml</code></td><td>2</td>"), "{problems}");
    assert!(problems.contains("<code>yaml-syntax</code>"), "{problems}");
    // A definition with schema errors has its page, linked from the problems.
    assert!(problems.contains(
        "<a href=\"definition.html?id=config/metrics/counts_all/broken_metric.yml\"><code>config/metrics/counts_all/broken_metric.yml</code></a>"
    ));
    assert!(problems.contains("`data_source` `carrier_pigeon` is not allowed"), "{problems}");
    let page = detail(&out, "config/metrics/counts_all/broken_metric.yml");
    assert!(page.contains("<h2 id=\"problems-title\">Problems</h2>"), "{page}");
    assert!(page.contains("<span class=\"badge undefined\">undefined</span>"), "its undefined event: {page}");
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let (_dir, out) = site(&[]);
    let page = detail(&out, "config/events/hostile_description_shown.yml");
    assert!(!page.contains("<script>alert"), "a script tag got through");
    assert!(!page.contains("<img src=x"), "an img tag got through");
    assert!(!page.contains("<b>bold"), "markup got through");
    assert!(page.contains(
        "<p class=\"description\" dir=\"auto\">&lt;script&gt;alert(&#39;dictionary&#39;)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; &lt;b&gt;bold&lt;/b&gt; \u{202e}eman\u{202c} and العربية text A long description"
    ), "{}", &page[..2000.min(page.len())]);
    // The 10 kB description is whole.
    let data = site_data(&out);
    let event = data["events"]
        .as_array()
        .and_then(|events| events.iter().find(|e| e["action"] == "hostile_description_shown"))
        .expect("hostile event");
    assert!(event["description"].as_str().is_some_and(|d| d.len() > 10_000), "{event}");
    let metric = detail(&out, "config/metrics/counts_all/count_total_hostile_description_shown.yml");
    assert!(metric.contains("Count of &lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(2)&lt;/script&gt; events"), "{metric}");
    assert!(metric.contains("(label==HYPERLINK(&quot;x&quot;))"), "{metric}");
    // The Markdown pages escape it for Markdown.
    let (_dir, md) = site(&["--format", "markdown"]);
    let group = read(&md.join("code_review.md"));
    assert!(group.contains("&lt;/td>&lt;/tr>&lt;script>alert(2)&lt;/script>"), "{group}");
}

#[test]
fn out_is_refused_inside_the_definitions_and_over_other_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    support::copy_tree(&fixture(), &repo);
    let before = support::file_tree(&repo);

    let output = dictionary(&repo, &repo.join("config/site"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("inside the definitions folder"), "{}", text(&output.stderr));
    let output = dictionary(&repo, &repo.join("ee/config/metrics"), &[]);
    assert_eq!(output.status.code(), Some(2));
    let output = dictionary(&repo, &repo, &["--force"]);
    assert_eq!(output.status.code(), Some(2), "the repository itself, even with --force");
    assert!(text(&output.stderr).contains("the repository itself or a folder holding it"));
    assert_eq!(support::file_tree(&repo), before, "nothing was written");

    // A folder of someone else's files: refused, then replaced with consent.
    let other = dir.path().join("notes");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(other.join("todo.txt"), "keep me").expect("write");
    let output = dictionary(&repo, &other, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        format!(
            "error: --out {}: a folder with other files (not a previous `eventdef dictionary` output, which has a .eventdef-dictionary file); the build replaces the whole folder, so choose another or pass --force\n",
            other.display()
        )
    );
    assert_eq!(read(&other.join("todo.txt")), "keep me");
    let output = dictionary(&repo, &other, &["--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(!other.join("todo.txt").exists());

    // A file in the way.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").expect("write");
    assert_eq!(dictionary(&repo, &file, &[]).status.code(), Some(2));
    assert_eq!(read(&file), "x");

    // A previous output is replaced whole, without leftovers, and nothing is left beside it.
    let out = dir.path().join("public");
    assert_eq!(dictionary(&repo, &out, &[]).status.code(), Some(0));
    std::fs::remove_file(repo.join("config/events/click_legacy_button.yml")).expect("rm");
    assert_eq!(dictionary(&repo, &out, &[]).status.code(), Some(0));
    assert!(!detail_pages(&out).contains_key("config/events/click_legacy_button.yml"), "a stale page survived");
    let beside: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut beside = beside;
    beside.sort();
    assert_eq!(beside, ["file", "notes", "public", "repo"]);
}

#[test]
fn json_has_every_definition_and_the_links_both_ways() {
    let (_dir, out) = site(&["--format", "json"]);
    let files: Vec<String> = support::file_tree(&out).into_keys().collect();
    assert_eq!(files, [".eventdef-dictionary", "dictionary.json"]);
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("dictionary.json"))).expect("JSON");
    let metric = json["metrics"]
        .as_array()
        .and_then(|m| {
            m.iter().find(|m| m["key_path"] == "counts.count_total_batch_suggestions_applied_on_diff_monthly")
        })
        .expect("metric");
    assert_eq!(metric["events"], serde_json::json!(["apply_suggestion_in_merge_request"]));
    assert_eq!(metric["definition"]["events"][0]["filter"], serde_json::json!({"label": "diff", "property": "batch"}));
    assert_eq!(metric["file"], "config/metrics/counts_28d/count_total_batch_suggestions_applied_on_diff_monthly.yml");
    let event = json["events"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["action"] == "apply_suggestion_in_merge_request"))
        .expect("event");
    assert!(
        event["metrics"].as_array().is_some_and(|m| m.contains(&metric["key_path"])),
        "the event lists the metric: {event}"
    );
    assert_eq!(json["problems"].as_array().map(Vec::len), Some(5));
}

#[test]
fn markdown_has_a_page_per_group() {
    let (_dir, out) = site(&["--format", "markdown", "--title", "Our | dictionary"]);
    let files: Vec<String> = support::file_tree(&out).into_keys().collect();
    assert_eq!(files, [".eventdef-dictionary", "README.md", "code_review.md"]);
    support::check_snapshot("dictionary_markdown_index", &read(&out.join("README.md")));
}

#[test]
fn templates_and_assets_can_be_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(templates.join("dictionary")).expect("mkdir");
    std::fs::write(templates.join("dictionary/problems.html.tera"), "{{ errors }} errors in {{ files }} files\n")
        .expect("write");
    std::fs::write(templates.join("dictionary.css"), "body { color: teal }\n").expect("write");
    let templates_arg = templates.to_string_lossy().into_owned();
    let (_site, out) = site(&["--templates", &templates_arg]);
    assert_eq!(read(&out.join("problems.html")), "5 errors in 2 files\n");
    assert_eq!(read(&out.join("assets/dictionary.css")), "body { color: teal }\n");

    // A variable no page has is an error naming the file and line.
    let bad = templates.join("dictionary/problems.html.tera");
    std::fs::write(&bad, "{{ errors }}\n{{ nonsense }}\n").expect("write");
    let output = dictionary(&fixture(), &dir.path().join("public"), &["--templates", &templates_arg]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with(&format!("error: {}:2: unknown variable `nonsense`", bad.display())), "{stderr}");
    assert!(!dir.path().join("public").exists());
}

/// Where `.ci/run` installs puppeteer-core and axe-core (npm, into a temporary folder).
fn node_modules() -> PathBuf {
    let dir = std::env::var_os("EVENTDEF_NODE_MODULES").map(PathBuf::from).unwrap_or_else(|| {
        panic!(
            "EVENTDEF_NODE_MODULES is not set: install puppeteer-core and axe-core with npm into a folder \
             (as .ci/run does) and point EVENTDEF_NODE_MODULES to its node_modules"
        )
    });
    assert!(dir.join("puppeteer-core").is_dir(), "{}: no puppeteer-core", dir.display());
    assert!(dir.join("axe-core").is_dir(), "{}: no axe-core", dir.display());
    dir
}

#[test]
#[ignore = "needs chromium"]
fn the_site_works_in_headless_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(Path::new(&chromium).is_file(), "{chromium} is missing: install Debian's chromium (.ci/run does)");
    let modules = node_modules();
    let (_dir, out) = site(&[]);
    // Screenshots are kept as artifacts of the run.
    let artifacts = support::crate_dir().join("target/dictionary-screenshots");
    std::fs::create_dir_all(&artifacts).expect("mkdir");
    let output = Command::new("node")
        .arg(support::crate_dir().join("tests/it/browser/dictionary.js"))
        .arg(&out)
        .arg(&artifacts)
        .env("NODE_PATH", &modules)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (install nodejs): {e}"));
    assert!(output.status.success(), "the browser checks failed:\n{}{}", text(&output.stdout), text(&output.stderr));
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON line of results");
    assert_eq!(results["ok"], true, "{results}");
    assert_eq!(results["csv_rows"], 3, "{results}");
    for shot in ["index.png", "detail.png", "index-dark-phone.png"] {
        assert!(artifacts.join(shot).is_file(), "no screenshot {shot}");
    }
}

/// The GitLab Pages job of `fixtures/ci/gitlab-pages.yml`, its script run as GitLab would in a
/// checkout of the repository, writes the site into `public/`; the README shows the same job.
#[test]
fn the_gitlab_pages_job_publishes_the_site() {
    let text = read(&support::crate_dir().join("fixtures/ci/gitlab-pages.yml"));
    let parsed = eventdef::yaml::parse(&text);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let ci = parsed.root.expect("a document");
    let job = ci.get("pages").expect("a `pages` job");
    let paths = job.get("artifacts").and_then(|a| a.get("paths")).and_then(|p| p.as_seq()).expect("artifacts");
    assert_eq!(paths.first().and_then(|p| p.as_str()), Some("public"));
    let script: Vec<String> = job
        .get("script")
        .and_then(|s| s.as_seq())
        .unwrap_or(&[])
        .iter()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect();

    let dir = tempfile::tempdir().expect("temp dir");
    let checkout = dir.path().join("checkout");
    support::copy_tree(&fixture(), &checkout);
    let binary = assert_cmd::cargo::cargo_bin("eventdef");
    let path = format!("{}:{}", binary.parent().expect("bin dir").display(), std::env::var("PATH").unwrap_or_default());
    let output = Command::new("bash")
        .current_dir(&checkout)
        .env("PATH", path)
        .env("CI_PROJECT_TITLE", "Example")
        .env("CI_PROJECT_URL", "https://gitlab.example/group/project")
        .env("CI_COMMIT_SHA", "0123abc")
        .args(["-c", &format!("set -eo pipefail\n{}\n", script.join("\n"))])
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{}", text_of(&output));
    let index = read(&checkout.join("public/index.html"));
    assert!(index.contains("<title>Example metrics and events</title>"), "{index}");
    let page = detail(&checkout.join("public"), "config/events/click_legacy_button.yml");
    assert!(page.contains(
        "href=\"https://gitlab.example/group/project/-/blob/0123abc/config/events/click_legacy_button.yml\""
    ));

    let readme = read(&support::crate_dir().join("README.md"));
    let section = readme.split("## Metrics and events dictionary").nth(1).expect("README section");
    let block = section.split("```yaml\n").nth(1).and_then(|b| b.split("```").next()).expect("yaml block");
    assert!(text.contains(block.trim()), "the README's Pages job differs from fixtures/ci/gitlab-pages.yml:\n{block}");
}

fn text_of(output: &Output) -> String {
    format!("{}{}", text(&output.stdout), text(&output.stderr))
}
