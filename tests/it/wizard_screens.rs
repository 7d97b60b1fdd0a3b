//! What the wizard shows: whole transcripts of a few sessions (snapshots under
//! tests/snapshots/), the metric option lists of
//! https://gitlab.com/gitlab-org/gitlab/-/blob/master/spec/scripts/internal_events/cli_spec.rb, and
//! the behaviour on interruption and on files that appear while the wizard waits.

use crate::support;

use eventdef::wizard::prompt::{Asked, MultiSelectQuestion, Prompter, SelectQuestion};
use eventdef::wizard::scripted::{Answer, ScriptedPrompter};
use eventdef::wizard::{self, Interrupted, Start};
use support::wizard::{TestRepo, options, run};

fn t(text: &str) -> Answer {
    Answer::text(text)
}

fn pick(label: &str) -> Answer {
    Answer::pick(label)
}

/// The transcript with file previews and usage snippets replaced: the stand-in resolver writes
/// JSON, the real one GitLab's YAML (the fixture tests check those bytes), and the snippets are
/// the templates' business (their own tests check them).
fn screens(transcript: &str) -> String {
    let mut out = String::new();
    let mut in_preview = false;
    let mut in_usage = false;
    for line in transcript.lines() {
        // A usage choice ("→ 1. ruby/rails") is followed by its snippet until the next question.
        if in_usage && !line.starts_with("? ") {
            continue;
        }
        in_usage = false;
        if is_usage_choice(line) {
            out.push_str(line);
            out.push_str("\n<usage snippet>\n");
            in_usage = true;
            continue;
        }
        if line == "Preparing to generate definition with these attributes:" {
            in_preview = true;
            out.push_str(line);
            out.push_str("\n<file preview>\n");
            continue;
        }
        if in_preview && (line.starts_with("? ") || line.starts_with("Oh no!")) {
            in_preview = false;
        }
        if !in_preview {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// "→ 1. ruby/rails": a use case was chosen (not "different event" or "Exit").
fn is_usage_choice(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("→ ") else { return false };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with(". ") && !rest.ends_with("Exit") && !rest.contains("different event")
}

/// The rows of the question whose prompt starts with `prompt`, as recorded.
fn question_rows(transcript: &str, prompt: &str) -> String {
    let mut lines = transcript.lines().skip_while(|l| !l.starts_with(&format!("? {prompt}")));
    let mut out = String::new();
    let _ = lines.next();
    for line in lines.take_while(|l| !l.starts_with('→')) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

const USED: (&str, &str) = ("config/events/internal_events_cli_used.yml", "events/event_with_identifiers.yml");

#[test]
#[ignore = "needs ../shared"]
fn keyboard_smash_session() {
    let repo = TestRepo::new(&[]);
    let enter = || Answer::Enter;
    let answers = vec![
        enter(),
        t("random event string"),
        t("random_name"),
        enter(),
        enter(),
        enter(),
        enter(),
        Answer::pick_many(["acquisition"]),
        enter(),
        enter(),
        enter(),
        enter(),
        enter(),
        t("random metric string"),
        enter(),
        enter(),
        enter(),
        enter(),
        pick("Exit"),
    ];
    let (outcome, prompter) = run(&repo, Start::MainMenu, answers, eventdef::plan::apply::resolve);
    assert!(outcome.is_ok());
    support::check_snapshot("keyboard_smash_session", &screens(prompter.transcript()));
}

#[test]
#[ignore = "needs ../shared"]
fn filtered_metric_session() {
    let repo = TestRepo::new(&[
        ("config/events/internal_events_cli_used.yml", "events/event_with_all_additional_properties.yml"),
        ("config/events/internal_events_cli_opened.yml", "events/secondary_event_with_additional_properties.yml"),
    ]);
    let answers = vec![
        pick("Multiple events"),
        Answer::pick_many(["internal_events_cli_opened", "internal_events_cli_used"]),
        pick("Total/Monthly/Weekly sum of all values for 'value' from any of 2 events occurrences where"),
        t("failure"),
        t(""),
        t("flow"),
        t("time spent in failed flow of CLI"),
        t("Bad Name"),
        t("failed_usage_time"),
        pick("Modify attributes"),
        Answer::Enter,
        Answer::Enter,
        Answer::Enter,
        Answer::Enter,
        Answer::Yes,
        pick("Exit"),
    ];
    let (outcome, prompter) = run(&repo, Start::NewMetric, answers, eventdef::plan::apply::resolve);
    assert!(outcome.is_ok(), "{}", prompter.transcript());
    support::check_snapshot("filtered_metric_session", &screens(prompter.transcript()));
}

/// Start a metric for `events` and stop at the list of metrics
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/spec/scripts/internal_events/cli_spec.rb).
fn metric_rows(inputs: &[(&str, &str)], events: &[&str]) -> String {
    let repo = TestRepo::new(inputs);
    let answers = vec![pick("Multiple events"), Answer::pick_many(events.iter().copied()), Answer::CtrlC];
    let (outcome, prompter) = run(&repo, Start::NewMetric, answers, eventdef::plan::apply::resolve);
    assert_eq!(outcome.err(), Some(Interrupted::CtrlC));
    question_rows(prompter.transcript(), "Which metrics do you want to add?")
}

#[test]
#[ignore = "needs ../shared"]
fn metric_option_lists() {
    let plain = metric_rows(&[USED], &["internal_events_cli_used"]);
    let existing_weekly = metric_rows(
        &[USED, ("config/metrics/counts_7d/count_total_weekly.yml", "metrics/ee_total_7d_single_event.yml")],
        &["internal_events_cli_used"],
    );
    let two_with_project = metric_rows(
        &[
            USED,
            ("config/events/internal_events_cli_closed.yml", "events/secondary_event_with_identifiers.yml"),
            ("config/metrics/counts_all/project.yml", "metrics/project_id_multiple_events.yml"),
        ],
        &["internal_events_cli_closed", "internal_events_cli_used"],
    );
    let no_identifiers = metric_rows(
        &[("config/events/internal_events_cli_opened.yml", "events/ee_event_without_identifiers.yml")],
        &["internal_events_cli_opened"],
    );
    let all_properties = metric_rows(
        &[("config/events/internal_events_cli_used.yml", "events/event_with_all_additional_properties.yml")],
        &["internal_events_cli_used"],
    );
    let partially_shared = metric_rows(
        &[
            ("config/events/internal_events_cli_opened.yml", "events/secondary_event_with_additional_properties.yml"),
            ("config/events/internal_events_cli_used.yml", "events/event_with_all_additional_properties.yml"),
        ],
        &["internal_events_cli_opened", "internal_events_cli_used"],
    );
    support::check_snapshot(
        "metric_option_lists",
        &format!(
            "plain event:\n{plain}\nexisting weekly unique-user metric:\n{existing_weekly}\n\
         two events with an existing project metric:\n{two_with_project}\nno identifiers:\n{no_identifiers}\n\
         all properties:\n{all_properties}\npartially shared properties:\n{partially_shared}"
        ),
    );
}

#[test]
#[ignore = "needs ../shared"]
fn all_metrics_exist_ends_the_flow() {
    let repo = TestRepo::new(&[
        ("config/events/internal_events_cli_opened.yml", "events/ee_event_without_identifiers.yml"),
        ("config/metrics/counts_all/total.yml", "metrics/total_single_event.yml"),
    ]);
    // The total metric of `opened` exists; with no identifiers nothing else can be defined.
    std::fs::write(
        repo.root().join("config/metrics/counts_all/total.yml"),
        "key_path: counts.count_total_internal_events_cli_opened\ntime_frame: [28d, 7d, all]\nevents:\n- name: internal_events_cli_opened\n",
    )
    .expect("write");
    let (outcome, prompter) = run(
        &repo,
        Start::NewMetric,
        vec![pick("Single event"), pick("internal_events_cli_opened")],
        eventdef::plan::apply::resolve,
    );
    assert!(outcome.is_ok());
    assert!(
        prompter
            .transcript()
            .contains("Looks like the potential metrics for this event either already exist or are unsupported."),
        "{}",
        prompter.transcript()
    );
    assert!(outcome.map(|o| o.written.is_empty()).unwrap_or(false));
}

#[test]
#[ignore = "needs ../shared"]
fn interrupting_writes_nothing_but_keeps_the_answers() {
    for stop in [Answer::CtrlC, Answer::EndOfInput] {
        let repo = TestRepo::new(&[]);
        let before = repo.definition_files();
        let answers = vec![pick("New Event"), t("Engineer uses the CLI"), t("cli_used"), stop.clone()];
        let (outcome, _) = run(&repo, Start::MainMenu, answers, eventdef::plan::apply::resolve);
        let expected = if stop == Answer::CtrlC { Interrupted::CtrlC } else { Interrupted::EndOfInput };
        assert_eq!(outcome.err(), Some(expected));
        // No definition is written; the answers given so far are kept in a plan file.
        let mut after = repo.definition_files();
        let recovered: Vec<String> = after.iter().filter(|f| f.starts_with(".eventdef/recovered-")).cloned().collect();
        after.retain(|f| !recovered.contains(f));
        assert_eq!(after, before);
        assert_eq!(recovered.len(), 1, "{recovered:?}");
        let plan = repo.read(&recovered[0]).expect("recovered plan");
        assert!(plan.contains("action: cli_used") && plan.contains("description: Engineer uses the CLI"), "{plan}");
        assert!(plan.contains("eventdef apply"), "{plan}");
    }
}

/// Creates the event file the moment the wizard asks "Create file?", as another process might.
struct FileAppears {
    inner: ScriptedPrompter,
    path: std::path::PathBuf,
}

impl Prompter for FileAppears {
    fn new_screen(&mut self) {
        self.inner.new_screen();
    }
    fn say(&mut self, text: &str) {
        self.inner.say(text);
    }
    fn width(&self) -> usize {
        self.inner.width()
    }
    fn line(&mut self, prompt: &str, initial: Option<&str>) -> Asked<String> {
        self.inner.line(prompt, initial)
    }
    fn select(&mut self, q: &SelectQuestion) -> Asked<usize> {
        self.inner.select(q)
    }
    fn multi_select(&mut self, q: &MultiSelectQuestion) -> Asked<Vec<usize>> {
        self.inner.multi_select(q)
    }
    fn confirm(&mut self, prompt: &str, default: bool) -> Asked<bool> {
        if prompt == "Create file?" {
            std::fs::create_dir_all(self.path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&self.path, "somebody else's file\n").expect("write");
        }
        self.inner.confirm(prompt, default)
    }
}

#[test]
#[ignore = "needs ../shared"]
fn a_file_that_appears_is_not_overwritten_without_consent() {
    let repo = TestRepo::new(&[]);
    let path = repo.root().join("ee/config/events/internal_events_cli_opened.yml");
    let answers = vec![
        t("Internal Event CLI is opened"),
        t("internal_events_cli_opened"),
        pick("None"),
        pick("None! Continue"),
        Answer::Enter,
        pick("analytics:monitor:analytics_instrumentation"),
        Answer::pick_many(["service_ping"]),
        pick("premium, ultimate"),
        pick("No -- this event"),
        Answer::Yes,
        Answer::No,
        pick("Exit"),
    ];
    let mut prompter = FileAppears { inner: ScriptedPrompter::new(answers), path: path.clone() };
    let options = options(eventdef::plan::apply::resolve);
    let outcome = wizard::run(&mut prompter, repo.load(), &options, Start::NewEvent);
    let transcript = prompter.inner.transcript().to_owned();
    assert!(outcome.is_ok(), "{transcript}");
    assert!(transcript.contains("appeared while the wizard was running"), "{transcript}");
    assert!(transcript.contains("? Overwrite file? (y/N)"), "{transcript}");
    assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("somebody else's file\n"));
}

/// After a metric, the wizard writes the instrumentation issue for what the session created
/// (https://gitlab.com/gitlab-org/gitlab/-/blob/master/.gitlab/issue_templates/Usage%20Data%20Instrumentation.md)
/// — the same text as `eventdef issue --metric …`.
#[test]
#[ignore = "needs ../shared"]
fn the_issue_text_for_what_was_created() {
    let repo = TestRepo::new(&[USED]);
    let answers = vec![
        pick("Single event"),
        pick("internal_events_cli_used"),
        pick("Monthly/Weekly count of unique users who triggered internal_events_cli_used"),
        t("who defined an internal event using the CLI"),
        pick("Copy & continue"),
        Answer::Yes,
        pick("Instrumentation Issue"),
        t("Learn how many engineers define events with the CLI"),
        t("instrumentation-issue.md"),
        pick("Instrumentation Issue"),
        t(""),
        t("instrumentation-issue.md"),
        Answer::No,
        pick("Instrumentation Issue"),
        t("A new objective"),
        t("instrumentation-issue.md"),
        Answer::Yes,
        pick("Exit"),
    ];
    let (outcome, prompter) = run(&repo, Start::NewMetric, answers, eventdef::plan::apply::resolve);
    assert!(outcome.is_ok(), "{}", prompter.transcript());
    let issue = std::fs::read_to_string(repo.root().join("instrumentation-issue.md")).expect("issue written");
    assert!(issue.contains("| Count of unique users who defined an internal event using the CLI<br>"), "{issue}");
    let transcript = prompter.transcript();
    assert!(transcript.contains("Issue text written to instrumentation-issue.md"), "{transcript}");
    // The second time the file exists: "Overwrite?" — declined keeps it and shows the text,
    // accepted replaces it.
    assert!(transcript.contains("? instrumentation-issue.md already exists. Overwrite? (y/N)"), "{transcript}");
    assert!(transcript.contains("instrumentation-issue.md was kept as it was"), "{transcript}");
    assert!(issue.contains("A new objective"), "{issue}");
    assert!(
        issue.contains("| Engineer uses Internal Event CLI to define a new event | `internal_events_cli_used` |"),
        "{issue}"
    );
}
