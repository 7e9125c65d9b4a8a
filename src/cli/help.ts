/**
 * The help texts of `vitest-llm` and its commands: `vitest-llm --help` and
 * `vitest-llm <command> --help` print them. Each command's text lists every option it takes;
 * unknown-option messages suggest from these lists.
 */

/** `vitest-llm --help`. */
export const MAIN_HELP = `Usage: vitest-llm <command> [options]

Commands:
  validate [globs...]   Check prompt configs (default: **/*.prompt.{yaml,yml,json})
  baseline save         Accept the last run's report as the baseline
                        (--from .vitest/llm-report.json, --to llm-baseline.json)
  report [file]         Print a saved report's summary (--json, --markdown, --html [out]);
                        exit 1 if it failed
  plan                  Changes since the baseline, the depth per suite and the estimated
                        requests and cost, before any call (--markdown, --json)
  view [file]           Serve the HTML report on 127.0.0.1 (--no-open, --port)
  shadow --log requests.jsonl --baseline v1 --candidate v2 [--max-divergence 0.1]
                        Compare the candidate's outputs with the baseline's on the same inputs
  canary analyze --config canary.yaml [--now <ISO time>]
                        Decide promote (exit 0), rollback (1) or hold (2) for the current step
  canary step --config canary.yaml
                        Apply that decision to canary-state.json and print the next percentage
  cache stats           Count the cassettes in the cache folder, by model
  cache prune           Remove cassettes the last run did not use
                        (--older-than 30d: recorded before that age; --dry-run; --dir)
  help [command]        Show a command's usage (also: vitest-llm <command> --help)

Options:
  -h, --help            Show this help, or a command's (vitest-llm <command> --help)
  -v, --version         Print the version of vitest-llm`

const DEPLOY_EXIT = `Exit codes: 0 promote/pass, 1 rollback/fail, 2 hold (not enough evidence yet),
            3 bad config or data (named with file, line and field).`

/** `vitest-llm <command> --help`, by command. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  validate: `Usage: vitest-llm validate [globs...]

Stage 1: validates prompt configs — required fields, known fields and chat completion params,
template syntax, declared variables, the system prompt's token budget. Prints one
file:line:col line per problem.

Arguments:
  globs                 Files to check (default: **/*.prompt.{yaml,yml,json})

Options:
  -h, --help            Show this help

Exit codes: 0 every config valid, 1 a problem (or no file matched).`,

  baseline: `Usage: vitest-llm baseline save [--from .vitest/llm-report.json] [--to llm-baseline.json] [--force]

Accepts the last run as the baseline that later runs are compared against.

Options:
  --from <file>         The report to accept (default: .vitest/llm-report.json)
  --to <file>           Where to write the baseline (default: llm-baseline.json)
  --force               Save even from a partial, interrupted or running run, a single
                        shard, or a run whose gate failed
  -h, --help            Show this help`,

  report: `Usage: vitest-llm report [file] [--json | --markdown | --html [out]]

Prints the summary of a saved report (default: .vitest/llm-report.json).

Options:
  --json                Print the report as JSON
  --markdown            Print it as Markdown (for a pull-request comment)
  --html [out]          Write it as one self-contained HTML page
                        (default: .vitest/llm-report.html)
  -h, --help            Show this help

Exit codes: 0 the report passed, 1 it did not (a failed gate, an interrupted or unfinished run).`,

  plan: `Usage: vitest-llm plan [--markdown | --json] [--baseline file] [--depth level|auto] [--config file]

The changes since the baseline, the depth each suite would run at and why, and the estimated
requests and cost — before any call.

Options:
  --markdown            Print the plan as Markdown
  --json                Print the plan as JSON
  --baseline <file>     The baseline to compare with (default: llm-baseline.json)
  --depth <level|auto>  auto, or smoke, sampled, regression, full, comprehensive
  --config <file>       The Vitest config to read the plugin options from
  -h, --help            Show this help

Exit codes: 0 planned, 2 bad usage, 3 a baseline that cannot be read.`,

  view: `Usage: vitest-llm view [file] [--no-open] [--port n]

Serves the HTML of a report (default: .vitest/llm-report.json) on 127.0.0.1 and reloads the page
when the report changes. Runs until interrupted (Ctrl-C).

Options:
  --no-open             Do not open the browser
  --port <n>            The port to listen on (default: a free one)
  -h, --help            Show this help`,

  shadow: `Usage: vitest-llm shadow --log requests.jsonl --baseline v1 --candidate v2 [options]

Compares the candidate's outputs with the baseline's on the same inputs (paired by inputId)
and decides with a confidence interval on the divergence rate.

Options:
  --log <file>          The request log (JSONL)
  --baseline <version>  The version serving users
  --candidate <version> The version answering the same inputs in the shadow
  --max-divergence <r>  Highest acceptable divergence rate, 0–1 (default: 0.1)
  --compare <kind>      normalized (case, whitespace, punctuation ignored; default) or exact
  --json <file>         Also write the result as JSON
  --markdown            Print the result as Markdown
  -h, --help            Show this help

${DEPLOY_EXIT}`,

  canary: `Usage: vitest-llm canary analyze --config canary.yaml [--now <ISO time>] [--state file] [--json file] [--markdown]
       vitest-llm canary step --config canary.yaml [--now <ISO time>] [--state file]

analyze decides promote, rollback or hold for the current step; step also applies the decision
to the state file and prints the canary's traffic percentage (percent=N). After a rollback,
step keeps exiting 1: a rolled-back rollout is never re-promoted.

Options:
  --config <file>       The canary config (canary.yaml)
  --now <ISO time>      The end of the analysed window (default: now)
  --state <file>        The rollout state (default: canary-state.json next to the config)
  --json <file>         Also write the analysis as JSON (analyze)
  --markdown            Print the analysis as Markdown (analyze)
  -h, --help            Show this help

${DEPLOY_EXIT}`,

  cache: `Usage: vitest-llm cache stats|prune [--dir <folder>] [--older-than <age>] [--dry-run] [--force]

stats counts the cassettes in the cache folder, by model; prune removes cassettes the last run
did not use, or with --older-than those recorded before that age.

Options:
  --dir <folder>        The cache folder (default: the last run's, else .llm-cache)
  --older-than <age>    prune: cassettes recorded before this age, e.g. 30d, 12h
  --dry-run             prune: only list what would be removed
  --force               prune: even after a partial, interrupted or running run
  -h, --help            Show this help`,
}

/** The help text of a command, if it has one. */
export function helpFor(command: string): string | undefined {
  return Object.hasOwn(COMMAND_HELP, command) ? COMMAND_HELP[command] : undefined
}

/** The long options a help text mentions (`--config`, `--now`, …), for "did you mean" hints. */
export function optionsIn(help: string): string[] {
  return [...new Set(help.match(/--[a-z][a-z-]*/g) ?? [])]
}

/** Deployment commands exit 3 on bad usage (2 would read as "hold"); the others exit 2. */
export function usageExitCode(command: string): number {
  return command === 'shadow' || command === 'canary' ? 3 : 2
}
