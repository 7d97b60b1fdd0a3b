//! The wizard never throws answers away: each answer is checked where it is given, a refused
//! definition can be corrected at its step and is kept in a plan file, typed groups are
//! understood, definition files that fail to load are reported. Scripted sessions.

use crate::support;

use eventdef::plan::apply::{PlanProblem, PlannedFile};
use eventdef::plan::{Plan, parse_plan};
use eventdef::repository::Repository;
use eventdef::wizard::scripted::{Answer, ScriptedPrompter};
use eventdef::wizard::{self, Start};
use support::wizard::{TestRepo, options, run};

/// The text with every run of whitespace as one space: messages are wrapped to the terminal.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn t(text: &str) -> Answer {
    Answer::text(text)
}

fn pick(label: &str) -> Answer {
    Answer::pick(label)
}

const USED: (&str, &str) = ("config/events/internal_events_cli_used.yml", "events/event_with_identifiers.yml");
const GROUP: &str = "analytics:monitor:analytics_instrumentation";

/// An event's answers after the name, with `url` typed at the MR URL prompt.
fn after_name(url: Vec<Answer>) -> Vec<Answer> {
    let mut answers = vec![pick("None"), pick("None! Continue")];
    answers.extend(url);
    answers.extend([
        pick(GROUP),
        Answer::pick_many(["service_ping"]),
        pick("premium, ultimate"),
        pick("No -- this event"),
    ]);
    answers
}

#[test]
#[ignore = "needs ../shared"]
fn the_mr_url_is_checked_at_its_prompt() {
    let repo = TestRepo::new(&[]);
    let mut answers = vec![t("Internal Event CLI is opened"), t("internal_events_cli_opened")];
    answers.extend(after_name(vec![
        t("Export Format"),
        t("gitlab.com/gitlab-org/gitlab/-/merge_requests/1"),
        t("https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1"),
    ]));
    answers.extend([Answer::Yes, pick("Exit")]);
    let (outcome, prompter) = run(&repo, Start::NewEvent, answers, eventdef::plan::apply::resolve);
    let transcript = prompter.transcript();
    assert!(outcome.is_ok(), "{transcript}");
    assert!(transcript.contains("Export Format is not a web address."), "{transcript}");
    assert!(transcript.contains("needs its scheme: add https:// in front"), "{transcript}");
    assert!(!transcript.contains("cannot be written"), "{transcript}");
    let written = repo.read("ee/config/events/internal_events_cli_opened.yml").expect("written");
    assert!(
        written.contains("introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1"),
        "{written}"
    );
}

#[test]
#[ignore = "needs ../shared"]
fn invalid_names_say_which_rule_failed() {
    let repo =
        TestRepo::new(&[USED, ("config/events/removed/old_thing.yml", "events/secondary_event_with_identifiers.yml")]);
    // The removed file defines internal_events_cli_closed.
    let mut answers = vec![
        t("Engineer exports the issue list"),
        t("Export Issue List"),
        t("internal_events_cli_used"),
        t("internal_events_cli_closed"),
        t("export_issue_list"),
    ];
    answers.extend(after_name(vec![Answer::Enter]));
    answers.extend([Answer::Yes, pick("Exit")]);
    let (outcome, prompter) = run(&repo, Start::NewEvent, answers, eventdef::plan::apply::resolve);
    // Messages are wrapped to the terminal width; read them as one line.
    let transcript = prompter.transcript().replace('\n', " ");
    assert!(outcome.is_ok(), "{transcript}");
    assert!(
        transcript.contains(
            "\"Export Issue List\" is not a valid event name: use only lowercase letters, numbers and underscores. Try export_issue_list"
        ),
        "{transcript}"
    );
    assert!(
        transcript.contains(
            "internal_events_cli_used is taken by an event in CE (config/events/internal_events_cli_used.yml)"
        ),
        "{transcript}"
    );
    assert!(transcript.contains("internal_events_cli_closed was the name of a removed event"), "{transcript}");
    assert!(repo.read("ee/config/events/export_issue_list.yml").is_some());
}

/// Refuses any event whose MR URL mentions example.org, as a stricter final check might.
fn refuses_example_org(
    plan: &Plan,
    repo: &Repository,
    milestone: Option<&str>,
) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    if plan.events.iter().any(|e| e.introduced_by_url.as_deref().is_some_and(|u| u.contains("example.org"))) {
        return Err(vec![PlanProblem::new("events[0].introduced_by_url", "the URL must point to the merge request")]);
    }
    eventdef::plan::apply::resolve(plan, repo, milestone)
}

#[test]
#[ignore = "needs ../shared"]
fn a_refused_definition_goes_back_to_its_step_and_keeps_the_answers() {
    let repo = TestRepo::new(&[]);
    let mut answers = vec![t("Internal Event CLI is opened"), t("internal_events_cli_opened")];
    answers.extend(after_name(vec![t("https://example.org/mr/1")]));
    answers.extend([
        pick("Go back to step 4: URL"),
        t("https://gitlab.com/gitlab-org/gitlab/-/merge_requests/2"),
        Answer::Yes,
        pick("Exit"),
    ]);
    let (outcome, prompter) = run(&repo, Start::NewEvent, answers, refuses_example_org);
    let transcript = prompter.transcript();
    let outcome = outcome.unwrap_or_else(|i| panic!("{i}\n{transcript}"));
    assert!(one_line(transcript).contains("- MR URL: the URL must point to the merge request"), "{transcript}");
    assert!(!transcript.contains("events[0]"), "{transcript}");
    // The answers were kept in a plan file while the definition could not be written.
    assert!(one_line(transcript).contains("Your answers are kept in .eventdef/recovered-"), "{transcript}");
    // The other answers were kept: only the URL was asked again.
    assert!(
        transcript
            .contains("? Which MR URL will merge the event definition? (enter to submit) [https://example.org/mr/1]"),
        "{transcript}"
    );
    assert_eq!(outcome.written, ["ee/config/events/internal_events_cli_opened.yml"]);
    let written = repo.read("ee/config/events/internal_events_cli_opened.yml").expect("written");
    assert!(written.contains("merge_requests/2") && written.contains("description: Internal Event CLI is opened"));
    // Everything was written in the end: the recovery file is gone.
    assert!(repo.definition_files().iter().all(|f| !f.contains("recovered-")), "{:?}", repo.definition_files());
}

#[test]
#[ignore = "needs ../shared"]
fn a_refused_definition_left_as_is_stays_in_the_plan_file() {
    let repo = TestRepo::new(&[]);
    let mut answers = vec![t("Internal Event CLI is opened"), t("internal_events_cli_opened")];
    answers.extend(after_name(vec![t("https://example.org/mr/1")]));
    answers.extend([pick("Continue without saving"), pick("Exit")]);
    let mut prompter = ScriptedPrompter::new(answers);
    let options = options(refuses_example_org);
    let finished = wizard::run_recovering(&mut prompter, repo.load(), &options, Start::NewEvent);
    let transcript = prompter.transcript();
    assert!(finished.result.is_ok(), "{transcript}");
    let file = finished.recovered.expect("answers saved");
    assert!(file.starts_with(".eventdef/recovered-") && file.ends_with(".yml"), "{file}");
    assert!(one_line(transcript).contains(&format!("`eventdef apply {file}` writes the files")), "{transcript}");
    let text = repo.read(&file).expect("plan file");
    let plan = parse_plan(&text, &file).expect("the recovered plan parses");
    assert_eq!(plan.events.len(), 1);
    assert_eq!(plan.events[0].introduced_by_url.as_deref(), Some("https://example.org/mr/1"));
    assert_eq!(plan.milestone.as_deref(), Some("16.6"));
}

#[test]
#[ignore = "needs ../shared"]
fn groups_are_found_as_people_type_them_without_a_stages_file() {
    let repo = TestRepo::new(&[]);
    for (typed, extra) in [
        ("project_managment", vec![Answer::Enter]),
        ("Project Management", vec![]),
        ("group::project management", vec![]),
        ("", vec![pick("project_management")]),
    ] {
        let mut answers = vec![t("Internal Event CLI is opened"), t("internal_events_cli_opened")];
        answers.extend([pick("None"), pick("None! Continue"), Answer::Enter, t(typed)]);
        answers.extend(extra);
        answers.extend([
            Answer::pick_many(["service_ping"]),
            pick("premium, ultimate"),
            pick("No -- this event"),
            Answer::No,
            pick("Exit"),
        ]);
        let mut prompter = ScriptedPrompter::new(answers);
        let mut options = options(eventdef::plan::apply::resolve);
        options.stages = None;
        let outcome = wizard::run(&mut prompter, repo.load(), &options, Start::NewEvent);
        let transcript = prompter.transcript();
        let outcome = outcome.unwrap_or_else(|i| panic!("{i}\n{transcript}"));
        assert_eq!(outcome.plan.events[0].product_group, "project_management", "{typed:?}\n{transcript}");
        assert!(transcript.contains("eventdef stages pull"), "{transcript}");
        if typed == "project_managment" {
            assert!(
                transcript.replace('\n', " ").contains("Did you mean project_management? Press Enter to take it."),
                "{transcript}"
            );
            assert!(transcript.contains("[project_management]\n→ project_management"), "{transcript}");
        }
    }
}

#[test]
#[ignore = "needs ../shared"]
fn definition_files_that_fail_to_load_are_reported() {
    let repo = TestRepo::new(&[USED]);
    std::fs::write(repo.root().join("config/events/broken.yml"), "action: [unclosed\n").expect("write");
    let answers = vec![t("Engineer does something"), Answer::CtrlC];
    let (_, prompter) = run(&repo, Start::NewEvent, answers, eventdef::plan::apply::resolve);
    let transcript = prompter.transcript();
    assert!(
        one_line(transcript).contains("Encountered an error while loading config/events/broken.yml: line "),
        "{transcript}"
    );
}

/// Serve `body` once on 127.0.0.1; returns the URL.
fn serve_once(body: String) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    format!("http://127.0.0.1:{port}/data/stages.yml")
}

#[test]
#[ignore = "needs ../shared"]
fn stages_pull_writes_the_repositorys_stages_file() {
    use assert_cmd::Command;
    let repo = TestRepo::new(&[]);
    let url = serve_once(support::wizard::fixture("stages.yml"));
    let output = Command::cargo_bin("eventdef")
        .expect("binary")
        .args(["stages", "pull", "--url", &url])
        .current_dir(repo.root())
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("stages.yml (") && stdout.contains("groups) from http://127.0.0.1:"), "{stdout}");
    assert_eq!(repo.read(".eventdef/stages.yml"), Some(support::wizard::fixture("stages.yml")));
}

#[test]
fn stages_pull_offline_says_so_and_keeps_the_old_file() {
    use assert_cmd::Command;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join(".eventdef")).expect("mkdir");
    std::fs::write(dir.path().join(".eventdef/stages.yml"), "old\n").expect("write");
    // A port nobody listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let output = Command::cargo_bin("eventdef")
        .expect("binary")
        .args(["stages", "pull", "--url", &format!("http://127.0.0.1:{port}/stages.yml")])
        .current_dir(dir.path())
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("could not download http://127.0.0.1:") && stderr.contains("Are you offline?"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join(".eventdef/stages.yml")).expect("kept"), "old\n");
}

/// Refuses any metric whose MR URL mentions example.org.
fn refuses_example_org_metrics(
    plan: &Plan,
    repo: &Repository,
    milestone: Option<&str>,
) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    if plan.metrics.iter().any(|m| m.introduced_by_url.as_deref().is_some_and(|u| u.contains("example.org"))) {
        return Err(vec![PlanProblem::new("metrics[0].introduced_by_url", "the URL must point to the merge request")]);
    }
    eventdef::plan::apply::resolve(plan, repo, milestone)
}

#[test]
#[ignore = "needs ../shared"]
fn a_refused_metric_goes_back_to_its_step() {
    let repo = TestRepo::new(&[USED]);
    let answers = vec![
        pick("Single event"),
        pick("internal_events_cli_used"),
        pick("Monthly/Weekly count of unique users who triggered internal_events_cli_used"),
        t("who defined an internal event using the CLI"),
        pick("Modify attributes"),
        Answer::Enter,
        Answer::Enter,
        t("https://example.org/mr/1"),
        Answer::Enter,
        pick("Go back to step 8: URL"),
        t("https://gitlab.com/gitlab-org/gitlab/-/merge_requests/3"),
        Answer::Yes,
        pick("Exit"),
    ];
    let (outcome, prompter) = run(&repo, Start::NewMetric, answers, refuses_example_org_metrics);
    let transcript = prompter.transcript();
    let outcome = outcome.unwrap_or_else(|i| panic!("{i}\n{transcript}"));
    assert!(one_line(transcript).contains("- MR URL: the URL must point to the merge request"), "{transcript}");
    assert!(one_line(transcript).contains("Your answers are kept in .eventdef/recovered-"), "{transcript}");
    assert_eq!(outcome.written.len(), 1, "{transcript}");
    let written = repo.read(&outcome.written[0]).expect("written");
    assert!(written.contains("merge_requests/3"), "{written}");
    assert!(repo.definition_files().iter().all(|f| !f.contains("recovered-")), "{:?}", repo.definition_files());
}

#[test]
#[ignore = "needs ../shared"]
fn the_issue_stays_reachable_after_view_usage_and_after_events_only() {
    let repo = TestRepo::new(&[]);
    let mut answers = vec![t("Internal Event CLI is opened"), t("internal_events_cli_opened")];
    answers.extend(after_name(vec![Answer::Enter]));
    answers.extend([
        Answer::Yes,
        pick("View Usage"),
        pick("1. ruby/rails"),
        pick("12. Instrumentation Issue"),
        t("Learn how often the CLI is opened"),
        t(""),
        pick("11. Exit"),
    ]);
    let (outcome, prompter) = run(&repo, Start::NewEvent, answers, eventdef::plan::apply::resolve);
    let transcript = prompter.transcript();
    assert!(outcome.is_ok(), "{transcript}");
    // The event-only session's issue text, printed after the usage examples.
    assert!(transcript.contains("Learn how often the CLI is opened"), "{transcript}");
    assert!(transcript.contains("`internal_events_cli_opened`"), "{transcript}");
}

/// The first answers of a unique-users metric of `internal_events_cli_used` (default name,
/// no name asked), with `description` typed, up to the tiers.
fn metric_until_tiers(description: &str) -> Vec<Answer> {
    vec![
        pick("Single event"),
        pick("internal_events_cli_used"),
        pick("Monthly/Weekly count of unique users who triggered internal_events_cli_used"),
        t(description),
        pick("Modify attributes"),
        Answer::Enter,
        Answer::Enter,
        t("https://gitlab.com/gitlab-org/gitlab/-/merge_requests/3"),
    ]
}

/// Where a teammate's metric lands while the wizard waits, taking the default key path of
/// `metric_until_tiers`' metric.
const TAKEN_BY_TEAMMATE: &str = "config/metrics/counts_7d/cli_users_weekly.yml";

/// The final check on the files as they are on disk, after a teammate's metric claiming
/// `redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly` appeared
/// (written at the first check: after the wizard read the repository).
fn a_teammate_takes_the_key_path_first(
    plan: &Plan,
    repo: &Repository,
    milestone: Option<&str>,
) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    let taken = repo.root.join(TAKEN_BY_TEAMMATE);
    if !taken.exists() {
        let text = support::wizard::fixture("metrics/database_metric.yml")
            .replace(
                "key_path: issues_count",
                "key_path: redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used_weekly",
            )
            .replace("time_frame:\n- 7d\n- 28d\n", "time_frame: 7d\n");
        std::fs::create_dir_all(taken.parent().expect("parent")).expect("mkdir");
        std::fs::write(&taken, text).expect("write the teammate's metric");
    }
    let on_disk = Repository::load(&repo.root, repo.reference.clone(), &Default::default());
    eventdef::plan::apply::resolve(plan, &on_disk, milestone)
}

#[test]
#[ignore = "needs ../shared"]
fn a_metric_whose_key_path_was_taken_meanwhile_goes_back_to_its_name() {
    let repo = TestRepo::new(&[USED]);
    let mut answers = metric_until_tiers("who defined an internal event using the CLI");
    answers.extend([
        Answer::Enter,
        pick("Go back to step 4: Name"),
        // The events part of the taken key path: refused at the prompt now.
        t("internal_events_cli_used"),
        t("cli_definers"),
        Answer::Yes,
        pick("Exit"),
    ]);
    let (outcome, prompter) = run(&repo, Start::NewMetric, answers, a_teammate_takes_the_key_path_first);
    let transcript = prompter.transcript();
    let outcome = outcome.unwrap_or_else(|i| panic!("{i}\n{transcript}"));
    let flat = one_line(transcript);
    assert!(flat.contains("- Metric name: a `name` is required: the default key path"), "{transcript}");
    assert!(flat.contains(&format!("is already used by {TAKEN_BY_TEAMMATE}")), "{transcript}");
    // Only the step holding the refused answer is offered.
    assert!(flat.contains("Go back to step 4: Name (key path) (keeps your other answers)"), "{transcript}");
    assert!(!flat.contains("Go back to step 8: URL"), "{transcript}");
    assert!(flat.contains("Ensure this key path (ID) is not already in use."), "{transcript}");
    assert_eq!(outcome.written.len(), 1, "{transcript}");
    let written = repo.read(&outcome.written[0]).expect("written");
    assert!(written.contains("key_path: redis_hll_counters.count_distinct_user_id_from_cli_definers"), "{written}");
    // The other answers were kept.
    assert!(written.contains("unique users who defined an internal event using the CLI"), "{written}");
    assert!(written.contains("merge_requests/3"), "{written}");
    assert!(repo.read(TAKEN_BY_TEAMMATE).is_some_and(|t| t.contains("CountIssuesMetric")));
    assert!(repo.definition_files().iter().all(|f| !f.contains("recovered-")), "{:?}", repo.definition_files());
}

/// Refuses any metric whose description ends in TODO, as a stricter final check might.
fn refuses_todo_descriptions(
    plan: &Plan,
    repo: &Repository,
    milestone: Option<&str>,
) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    if plan.metrics.iter().any(|m| m.description.ends_with("TODO")) {
        return Err(vec![PlanProblem::new("metrics[0].description", "say what is counted instead of TODO")]);
    }
    eventdef::plan::apply::resolve(plan, repo, milestone)
}

#[test]
#[ignore = "needs ../shared"]
fn a_refused_metric_description_is_asked_again_with_the_other_answers_kept() {
    let repo = TestRepo::new(&[USED]);
    let mut answers = metric_until_tiers("TODO");
    answers.extend([
        Answer::Enter,
        pick("Go back to step 4: Description"),
        t("who defined an internal event using the CLI"),
        Answer::Yes,
        pick("Exit"),
    ]);
    let (outcome, prompter) = run(&repo, Start::NewMetric, answers, refuses_todo_descriptions);
    let transcript = prompter.transcript();
    let outcome = outcome.unwrap_or_else(|i| panic!("{i}\n{transcript}"));
    let flat = one_line(transcript);
    assert!(flat.contains("- Description: say what is counted instead of TODO"), "{transcript}");
    assert!(flat.contains("Go back to step 4: Description (keeps your other answers)"), "{transcript}");
    assert!(!flat.contains("Go back to step 4: Name"), "{transcript}");
    // Asked again pre-filled with the refused answer, without the prefix the wizard writes.
    assert!(flat.contains("? Finish the description: Count of unique users [TODO]"), "{transcript}");
    assert_eq!(outcome.written.len(), 1, "{transcript}");
    let written = repo.read(&outcome.written[0]).expect("written");
    assert!(
        written.contains("description: Count of unique users who defined an internal event using the CLI"),
        "{written}"
    );
    assert!(written.contains("merge_requests/3"), "{written}");
    assert!(written.contains("key_path: redis_hll_counters.count_distinct_user_id_from_internal_events_cli_used"));
}

#[test]
#[ignore = "needs ../shared"]
fn ctrl_c_keeps_the_answers_of_the_metric_being_asked() {
    let repo = TestRepo::new(&[USED]);
    let mut answers = metric_until_tiers("who defined an internal event using the CLI");
    answers.push(Answer::CtrlC);
    let mut prompter = ScriptedPrompter::new(answers);
    let options = options(eventdef::plan::apply::resolve);
    let finished = wizard::run_recovering(&mut prompter, repo.load(), &options, Start::NewMetric);
    let transcript = prompter.transcript();
    assert!(finished.result.is_err(), "{transcript}");
    let file = finished.recovered.unwrap_or_else(|| panic!("answers saved\n{transcript}"));
    let text = repo.read(&file).expect("plan file");
    let plan = parse_plan(&text, &file).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(plan.metrics.len(), 1, "{text}");
    let metric = &plan.metrics[0];
    assert!(metric.description.ends_with("who defined an internal event using the CLI"), "{text}");
    assert_eq!(metric.events.len(), 1, "{text}");
    assert_eq!(metric.introduced_by_url.as_deref(), Some("https://gitlab.com/gitlab-org/gitlab/-/merge_requests/3"));
    assert!(metric.product_group.is_some(), "{text}");
    // Not answered yet: left out, so `apply` copies them from the event as the generator would.
    assert_eq!(metric.tiers, None, "{text}");
    assert_eq!(plan.milestone.as_deref(), Some("16.6"));
}

/// Refuses database metrics named `issues_count`, as a stricter final check might.
fn refuses_issues_count(
    plan: &Plan,
    repo: &Repository,
    milestone: Option<&str>,
) -> Result<Vec<PlannedFile>, Vec<PlanProblem>> {
    if plan.metrics.iter().any(|m| m.name.as_deref() == Some("issues_count")) {
        return Err(vec![PlanProblem::new("metrics[0].name", "issues_count is reserved")]);
    }
    eventdef::plan::apply::resolve(plan, repo, milestone)
}

#[test]
#[ignore = "needs ../shared"]
fn a_refused_database_metric_name_is_asked_again_pre_filled() {
    let repo = TestRepo::new(&[]);
    let answers = vec![
        pick("Database"),
        t("CountIssuesMetric"),
        Answer::pick_many(["Weekly", "Monthly"]),
        t("Count of issues"),
        t("issues_count"),
        pick(GROUP),
        Answer::pick_many(["service_ping"]),
        Answer::Enter,
        pick("premium, ultimate"),
        pick("Go back to step 4: Name"),
        t("open_issues_count"),
        Answer::Yes,
        pick("Exit"),
    ];
    let (outcome, prompter) = run(&repo, Start::NewMetric, answers, refuses_issues_count);
    let transcript = prompter.transcript();
    let outcome = outcome.unwrap_or_else(|i| panic!("{i}\n{transcript}"));
    let flat = one_line(transcript);
    assert!(flat.contains("- Metric name: issues_count is reserved"), "{transcript}");
    assert!(flat.contains("Database metrics have no default name."), "{transcript}");
    assert!(flat.contains("[issues_count]"), "{transcript}");
    assert_eq!(outcome.written, ["ee/config/metrics/counts_all/open_issues_count.yml"], "{transcript}");
    let written = repo.read(&outcome.written[0]).expect("written");
    assert!(written.contains("key_path: open_issues_count") && written.contains("description: Count of issues"));
    assert!(written.contains("instrumentation_class: CountIssuesMetric"), "{written}");
}
