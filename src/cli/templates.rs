//! `eventdef templates init|list|check`: the repository's template overrides.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use eventdef::atomic_write::{self, FileToWrite};
use eventdef::render::overrides::{self, InitState, Status, TEMPLATES_DIR};

use super::{Exit, RepoArgs};

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub command: TemplatesCommand,
    #[command(flatten)]
    pub repo: RepoArgs,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Copy every built-in template, and a README of their variables and filters, into DIR
    /// (default: the repository's .eventdef/templates, which eventdef then uses)
    Init(InitArgs),
    /// Show each template and whether it is overridden
    List(DirArgs),
    /// Render every template against a sample event; report each problem with file and line
    Check(DirArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to write to (default: .eventdef/templates in the repository)
    pub dir: Option<PathBuf>,
    /// Overwrite files that differ from the built-in templates (your changes are lost)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct DirArgs {
    /// Folder of overrides (default: .eventdef/templates in the repository)
    #[arg(long = "templates", value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(repo_args: &RepoArgs, args: TemplatesArgs) -> eventdef::Result<Exit> {
    match args.command {
        TemplatesCommand::Init(init) => run_init(repo_args, init),
        TemplatesCommand::List(dir) => run_list(&overrides_dir(repo_args, dir)),
        TemplatesCommand::Check(dir) => run_check(&overrides_dir(repo_args, dir)),
    }
}

/// `--templates DIR`, else the repository's `.eventdef/templates` when there is one.
fn overrides_dir(repo_args: &RepoArgs, args: DirArgs) -> Option<PathBuf> {
    args.dir.or_else(|| {
        let root = repo_args.root_or_current().ok();
        overrides::repository_dir(root.as_deref()).map(relative_to_current)
    })
}

/// `path` relative to the current folder when it is inside it, for shorter messages.
fn relative_to_current(path: PathBuf) -> PathBuf {
    let current = std::env::current_dir().and_then(|c| c.canonicalize());
    match current {
        Ok(current) => match path.strip_prefix(&current) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
            _ => path,
        },
        Err(_) => path,
    }
}

fn run_init(repo_args: &RepoArgs, args: InitArgs) -> eventdef::Result<Exit> {
    let (dir, is_default) = match args.dir {
        Some(dir) => (dir, false),
        None => (relative_to_current(repo_args.root_or_current()?.join(TEMPLATES_DIR)), true),
    };
    let files = overrides::init_files(&dir)?;
    let shown = |path: &str| dir.join(path).display().to_string();
    // A file that differs from the built-in one may be the team's override: it is kept (and
    // said so) unless --force, so rerunning init after an upgrade only adds what is missing.
    let to_write: Vec<&overrides::InitFile> = files
        .iter()
        .filter(|f| f.state == InitState::Missing || (f.state == InitState::Changed && args.force))
        .collect();
    let kept: Vec<&overrides::InitFile> =
        files.iter().filter(|f| f.state == InitState::Changed && !args.force).collect();
    let same = files.iter().filter(|f| f.state == InitState::Same).count();
    let mut text = String::new();
    if !to_write.is_empty() {
        let writes: Vec<FileToWrite> =
            to_write.iter().map(|f| FileToWrite { path: f.path.clone(), content: f.content.clone() }).collect();
        // An absolute folder: the writer climbs the target's parents to create missing folders.
        let absolute = std::env::current_dir().map_err(|e| eventdef::Error::io(".", e))?.join(&dir);
        atomic_write::write_all(&absolute, &writes, args.force)?;
    }
    for f in &to_write {
        let verb = if f.state == InitState::Changed { "overwrote" } else { "created" };
        text.push_str(&format!("{verb} {}\n", shown(&f.path)));
    }
    for f in &kept {
        text.push_str(&format!(
            "kept {}: it differs from the built-in template, so it is not overwritten (--force overwrites it)\n",
            shown(&f.path)
        ));
    }
    if to_write.is_empty() && kept.is_empty() {
        text.push_str(&format!("nothing to do: {} already holds every built-in template\n", dir.display()));
    } else if same > 0 {
        text.push_str(&format!("({same} already there, unchanged)\n"));
    }
    text.push_str(&format!(
        "\nEdit the templates you want to change and delete the others (they fall back to the built-in ones).\n{}\n",
        if is_default {
            "eventdef usage, eventdef issue and the wizard use this folder from now on; `eventdef templates check` tests it.".to_owned()
        } else {
            format!("Pass `--templates {}` to eventdef usage and eventdef issue to use them.", dir.display())
        }
    ));
    super::print_stdout(&text)?;
    Ok(Exit::Clean)
}

fn run_list(dir: &Option<PathBuf>) -> eventdef::Result<Exit> {
    let listed = overrides::list(dir.as_deref())?;
    let width = listed.iter().map(|l| l.name.len()).max().unwrap_or(0);
    let relative = |path: &Path| match dir {
        Some(dir) => path.strip_prefix(dir).unwrap_or(path).display().to_string(),
        None => path.display().to_string(),
    };
    let mut text = String::new();
    let mut overridden = 0;
    for l in &listed {
        let (status, file) = match &l.status {
            Status::BuiltIn => ("built-in", String::new()),
            Status::SameAsBuiltIn(path) => ("same as built-in", relative(path)),
            Status::Overridden(path) => {
                overridden += 1;
                ("overridden", relative(path))
            }
        };
        text.push_str(format!("{:width$}  {status:16}  {file}", l.name).trim_end());
        text.push('\n');
    }
    match dir {
        Some(dir) => {
            text.push_str(&format!("{overridden} of {} templates overridden in {}\n", listed.len(), dir.display()))
        }
        None => text.push_str(&format!(
            "no overrides: every template is built in (`eventdef templates init` copies them to {TEMPLATES_DIR})\n"
        )),
    }
    super::print_stdout(&text)?;
    Ok(Exit::Clean)
}

fn run_check(dir: &Option<PathBuf>) -> eventdef::Result<Exit> {
    let report = overrides::check(dir.as_deref())?;
    let mut text = String::new();
    for problem in &report.problems {
        text.push_str(&format!("error: {problem}\n"));
    }
    let n = report.problems.len();
    text.push_str(&format!(
        "checked {} templates ({} overridden{}): {}\n",
        report.templates,
        report.overridden,
        dir.as_ref().map(|d| format!(" in {}", d.display())).unwrap_or_default(),
        match n {
            0 => "no problems".to_owned(),
            1 => "1 problem".to_owned(),
            _ => format!("{n} problems"),
        }
    ));
    super::print_stdout(&text)?;
    Ok(if n == 0 { Exit::Clean } else { Exit::Findings })
}
