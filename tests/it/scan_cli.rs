//! `eventdef scan` on a mixed CE/EE repository with specs: findings in every report format with
//! `path:line:col`, the trigger index of `--format json`, exit codes, `--changed-only`,
//! `usage --target where`, and hostile input (binary, minified, invalid UTF-8, symbolic link
//! loops, unreadable files).

use std::path::Path;

use crate::support::ci::{GitRepo, eventdef};

fn event(action: &str, identifiers: &[&str], extra: &str) -> String {
    let identifiers: String = identifiers.iter().map(|i| format!("- {i}\n")).collect();
    format!(
        "---
description: Someone works with widgets in a project
internal_events: true
action: {action}
identifiers:
{identifiers}product_group: code_review
product_categories:
- code_review_workflow
milestone: '17.4'
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/160001
tiers:
- free
- premium
- ultimate
{extra}"
    )
}

/// The repository: CE and EE definitions, code in app/, lib/, ee/app/, and specs in spec/ and
/// ee/spec/.
fn files() -> Vec<(&'static str, String)> {
    vec![
        (
            "config/events/create_widget.yml",
            event(
                "create_widget",
                &["project", "namespace", "user"],
                "additional_properties:\n  label:\n    description: Where the widget was created\n",
            ),
        ),
        ("config/events/view_widget_page.yml", event("view_widget_page", &["user"], "")),
        ("config/events/never_sent.yml", event("never_sent", &["user"], "")),
        (
            "config/events/old_widget_event.yml",
            event(
                "old_widget_event",
                &["user"],
                "status: removed\nmilestone_removed: '17.8'\nremoved_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/170001\n",
            ),
        ),
        ("ee/config/events/approve_widget.yml", event("approve_widget", &["project", "user"], "")),
        (
            "app/services/widgets/create_service.rb",
            "module Widgets
  class CreateService
    def execute
      # track_internal_event('commented_out')
      track_internal_event(
        'create_widget',
        project: project,
        user: current_user,
        additional_properties: { label: 'api', source: 'import' }
      )
    end
  end
end
"
            .into(),
        ),
        (
            "ee/app/services/ee/widgets/approve_service.rb",
            "module EE\n  module Widgets\n    class ApproveService\n      def execute\n        Gitlab::InternalEvents.track_event(:approve_widget, user: user)\n      end\n    end\n  end\nend\n".into(),
        ),
        (
            "lib/widgets/tracker.rb",
            "module Widgets\n  module Tracker\n    def self.track(user, project)\n      track_internal_event(\"crate_widget\", user: user, project: project)\n    end\n  end\nend\n".into(),
        ),
        (
            "app/assets/javascripts/widgets/components/widget_page.vue",
            "<script>
import InternalEvents from '~/tracking/internal_events';
import { WIDGET_EVENT } from '../constants';

export default {
  mixins: [InternalEvents.mixin()],
  mounted() {
    this.trackEvent(WIDGET_EVENT);
  },
};
</script>

<template>
  <div data-event-tracking=\"view_widget_page\" data-event-tracking-load>{{ title }}</div>
</template>
"
            .into(),
        ),
        ("app/views/widgets/show.html.haml", "%h1 Widgets\n%button{ data: { event_tracking: 'old_widget_event' } } Old\n".into()),
        (
            "spec/services/widgets/create_service_spec.rb",
            "RSpec.describe Widgets::CreateService do
  it 'tracks' do
    expect { execute }
      .to trigger_internal_events('create_widget')
      .with(project: project, user: user, additional_properties: { label: 'api' })
  end
end
"
            .into(),
        ),
        (
            "ee/spec/services/ee/widgets/approve_service_spec.rb",
            "RSpec.describe EE::Widgets::ApproveService do
  let(:user) { create(:user) }
  let(:project) { create(:project) }

  it_behaves_like 'internal event tracking' do
    let(:event) { 'approve_widget' }
  end
end
"
            .into(),
        ),
        (
            "spec/frontend/widgets/components/widget_page_spec.js",
            "describe('WidgetPage', () => {
  it('tracks the load', () => {
    expect(trackEventSpy).toHaveBeenCalledWith('view_widget_page', {}, undefined);
  });
});
"
            .into(),
        ),
    ]
}

fn write(root: &Path, files: &[(&str, String)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

fn json(root: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut all = vec!["scan", "--format", "json", "--root", "."];
    all.extend(args);
    let out = eventdef(root, &all);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}\n{stderr}"));
    (out.status.code().unwrap_or(-1), report, stderr)
}

fn findings(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}:{}",
                d["rule"].as_str().unwrap_or(""),
                d["path"].as_str().unwrap_or(""),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

#[test]
fn a_mixed_ce_ee_repository_with_specs() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), &files());
    let (code, report, stderr) = json(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        findings(&report),
        [
            "trigger-undeclared-property app/services/widgets/create_service.rb:6:9",
            "removed-event-triggered app/views/widgets/show.html.haml:2:34",
            "untriggered-event config/events/never_sent.yml:4:9",
            "trigger-missing-identifier ee/app/services/ee/widgets/approve_service.rb:5:44",
            "undefined-trigger lib/widgets/tracker.rb:4:28",
        ]
    );
    let messages: Vec<&str> =
        report["diagnostics"].as_array().expect("list").iter().map(|d| d["message"].as_str().unwrap_or("")).collect();
    assert!(messages[0].contains("`source`"), "{messages:?}");
    assert!(messages[4].ends_with("did you mean: create_widget?"), "{messages:?}");
    assert_eq!(report["files"], 8);

    let triggers: Vec<String> = report["triggers"]
        .as_array()
        .expect("triggers")
        .iter()
        .map(|t| {
            format!(
                "{}:{}:{} {} {} negated={} {} {}",
                t["path"].as_str().unwrap_or(""),
                t["line"],
                t["column"],
                t["kind"].as_str().unwrap_or(""),
                t["action"].as_str().unwrap_or("<dynamic>"),
                t["negated"],
                t["properties"],
                t["identifiers"]
            )
        })
        .collect();
    assert_eq!(
        triggers,
        [
            r#"app/assets/javascripts/widgets/components/widget_page.vue:8:21 vue <dynamic> negated=false [] []"#,
            r#"app/assets/javascripts/widgets/components/widget_page.vue:14:28 vue view_widget_page negated=false [] []"#,
            r#"app/services/widgets/create_service.rb:6:9 ruby create_widget negated=false ["label","source"] ["user","project"]"#,
            r#"app/views/widgets/show.html.haml:2:34 haml old_widget_event negated=false [] []"#,
            r#"ee/app/services/ee/widgets/approve_service.rb:5:44 ruby approve_widget negated=false [] ["user"]"#,
            r#"ee/spec/services/ee/widgets/approve_service_spec.rb:6:19 rspec approve_widget negated=false [] ["user","project"]"#,
            r#"lib/widgets/tracker.rb:4:28 ruby crate_widget negated=false [] ["user","project"]"#,
            r#"spec/frontend/widgets/components/widget_page_spec.js:3:48 jest view_widget_page negated=false [] []"#,
            r#"spec/services/widgets/create_service_spec.rb:4:35 rspec create_widget negated=false ["label"] ["user","project"]"#,
        ]
    );
    assert!(report["triggers"][0]["dynamic"] == true && report["triggers"][1]["dynamic"] == false);
    assert!(stderr.contains("note: 1 of 9 triggers name the event with an expression"), "{stderr}");
}

#[test]
fn human_report_and_ci_formats_point_at_the_code() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), &files());
    let out = eventdef(dir.path(), &["scan", "--root", ".", "--color", "never"]);
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(
        human.contains(
            "error[undefined-trigger]: `crate_widget` is triggered here but no internal event defines it; did you mean: create_widget?
 --> lib/widgets/tracker.rb:4:28
  |
4 |       track_internal_event(\"crate_widget\", user: user, project: project)
  |                            ^
"
        ),
        "{human}"
    );
    assert!(human.ends_with("checked 8 files: 3 errors, 2 warnings\n"), "{human}");
    for (format, needle) in [
        ("sarif", "\"uri\": \"lib/widgets/tracker.rb\""),
        ("codequality", "\"path\": \"lib/widgets/tracker.rb\""),
        ("junit", "lib/widgets/tracker.rb:4:28"),
    ] {
        let out = eventdef(dir.path(), &["scan", "--root", ".", "--format", format]);
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(needle), "{format}: {text}");
    }
    // --fail-on never: findings, exit 0.
    let out = eventdef(dir.path(), &["scan", "--root", ".", "--fail-on", "never"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn clean_repository_exits_0_and_no_code_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clean: Vec<(&str, String)> = files()
        .into_iter()
        .filter(|(p, _)| p.starts_with("spec/frontend") || p.contains("view_widget_page") || p.ends_with(".vue"))
        .collect();
    write(dir.path(), &clean);
    let (code, report, stderr) = json(dir.path(), &[]);
    assert_eq!((code, findings(&report)), (0, Vec::<String>::new()), "{stderr}");

    let empty = tempfile::tempdir().expect("temp dir");
    write(
        empty.path(),
        &[("config/events/never_sent.yml", event("never_sent", &["user"], "")), ("README.md", "# docs\n".into())],
    );
    let out = eventdef(empty.path(), &["scan", "--root", "."]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no code to scan in") && stderr.contains("Ruby (.rb)"), "{stderr}");
}

#[test]
fn paths_and_changed_only_limit_the_findings() {
    let base: Vec<(String, String)> = files().into_iter().map(|(p, t)| (p.to_owned(), t)).collect();
    let repo = GitRepo::with_base(&base);
    repo.branch("feature");
    repo.write(
        "lib/widgets/tracker.rb",
        "module Widgets\n  def self.track\n    track_internal_event('crate_widgets', user: user)\n  end\nend\n",
    );
    let (code, report, stderr) = json(repo.path(), &["--base", "main", "--changed-only"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(findings(&report), ["undefined-trigger lib/widgets/tracker.rb:3:26"]);

    // Only the given paths: no finding about events triggered elsewhere.
    let (_, report, _) = json(repo.path(), &["app/services"]);
    assert_eq!(findings(&report), ["trigger-undeclared-property app/services/widgets/create_service.rb:6:9"]);
}

#[test]
fn usage_where_lists_triggers_and_tests() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), &files());
    let out = eventdef(dir.path(), &["usage", "--root", ".", "create_widget", "--target", "where"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "`create_widget` is triggered at:
  app/services/widgets/create_service.rb:6:9  ruby  properties: label, source  identifiers: user, project
`create_widget` is tested at:
  spec/services/widgets/create_service_spec.rb:4:35  rspec  properties: label  identifiers: user, project
"
    );
}

#[test]
fn hostile_files_are_skipped_with_a_note_never_a_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, &files());
    // Binary: a NUL byte beside a trigger name.
    std::fs::write(root.join("app/assets/javascripts/blob.js"), b"\0\x01trackEvent('x')\xff").expect("write");
    // Invalid UTF-8 in a comment: still scanned.
    std::fs::write(
        root.join("app/assets/javascripts/latin1.js"),
        b"// caf\xe9\nInternalEvents.trackEvent('view_widget_page');\n",
    )
    .expect("write");
    // A 5 MB minified line with a trigger at its end.
    let mut minified = "var a=1;".repeat(5 * 1024 * 1024 / 8);
    minified.push_str("InternalEvents.trackEvent('view_widget_page',{label:'min'});");
    std::fs::write(root.join("app/assets/javascripts/bundle.min.js"), minified).expect("write");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", root.join("app/loop")).expect("symlink");
        std::os::unix::fs::symlink("missing.rb", root.join("app/dangling.rb")).expect("symlink");
    }
    let (code, report, stderr) = json(root, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("note: app/assets/javascripts/blob.js: skipped, binary"), "{stderr}");
    assert!(stderr.contains("note: app/assets/javascripts/latin1.js: not UTF-8"), "{stderr}");
    let paths: Vec<&str> =
        report["triggers"].as_array().expect("triggers").iter().filter_map(|t| t["path"].as_str()).collect();
    assert!(
        paths.contains(&"app/assets/javascripts/latin1.js") && paths.contains(&"app/assets/javascripts/bundle.min.js")
    );
    assert!(
        findings(&report)
            .contains(&"trigger-undeclared-property app/assets/javascripts/bundle.min.js:1:5242907".to_owned()),
        "{:?}",
        findings(&report)
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_note() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), &files());
    let locked = dir.path().join("app/services/widgets/locked.rb");
    std::fs::write(&locked, "track_internal_event('never_sent', user: user)\n").expect("write");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_eventdef"));
    command.current_dir(dir.path()).args(["scan", "--root", ".", "--format", "json"]);
    crate::support::run_unprivileged(&mut command, dir.path());
    let out = command.output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("note: app/services/widgets/locked.rb: skipped, cannot read it"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
}
