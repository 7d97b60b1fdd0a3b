//! `eventdef rules` (the catalog) and `eventdef explain RULE`.

use clap::{Args, ValueEnum};

use eventdef::report::catalog;
use eventdef::rules;

use super::Exit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogFormat {
    /// Aligned columns
    Human,
    Json,
    /// The README's table
    Markdown,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = CatalogFormat::Human)]
    pub format: CatalogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// Text for a terminal
    Human,
    Markdown,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id, as shown in brackets in findings (`error[duplicate-key-path]`)
    #[arg(value_name = "RULE")]
    pub rule: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
    pub format: ExplainFormat,
}

pub fn run_rules(args: RulesArgs) -> eventdef::Result<Exit> {
    let all = rules::catalog();
    let text = match args.format {
        CatalogFormat::Human => catalog::human(&all),
        CatalogFormat::Json => catalog::json(&all),
        CatalogFormat::Markdown => catalog::markdown(&all),
    };
    super::print_stdout(&text)?;
    Ok(Exit::Clean)
}

pub fn run_explain(args: ExplainArgs) -> eventdef::Result<Exit> {
    let Some(rule) = rules::rule(&args.rule) else {
        let similar = eventdef::suggest::close_matches(&args.rule, rules::catalog().into_iter().map(|r| r.id));
        let hint = if similar.is_empty() {
            "`eventdef rules` lists every rule".to_owned()
        } else {
            format!("did you mean {}?", similar.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", "))
        };
        return Err(eventdef::Error::Usage(format!("unknown rule `{}`; {hint}", args.rule)));
    };
    let text = match args.format {
        ExplainFormat::Human => catalog::explain(rule),
        ExplainFormat::Markdown => catalog::explain_markdown(rule),
    };
    super::print_stdout(&text)?;
    Ok(Exit::Clean)
}
