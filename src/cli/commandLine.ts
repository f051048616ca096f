import { existsSync, statSync } from 'node:fs';
import { flowFolderFix } from '../flow/flowFolder';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { closestNames } from '../flow/closestName';

// One way for every `ivr` subcommand to read its arguments, so each treats
// them alike: --help or -h anywhere prints the usage and does nothing else
// (exit 0), and an unknown option, a missing value or a stray argument is
// refused with the command's synopsis (exit 2), before the command touches anything.

export interface CommandSpec<O extends ParseArgsOptionsConfig = ParseArgsOptionsConfig> {
  /** The subcommand, for messages: "ivr NAME: ...". */
  name: string;
  /** Its --help text, which names its exit codes. */
  usage: string;
  /** Its options for node's parseArgs; --help and -h are every command's, and need no entry. */
  options: O;
  /** The most positional arguments (files, folders) it takes; none by default. */
  maxPositionals?: number;
  /**
   * Options of other commands that someone may bring to this one, each with what to give here instead, from
   * the value given (`--line merchant` to `ivr call`: `--to` and the merchant line's number).
   */
  insteadOf?: Record<string, (value: string | undefined) => string>;
}

export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const consoleOutput: CommandOutput = { out: (text) => console.log(text), err: (text) => console.error(text) };

/** Exit code of a command run wrongly: an unknown option, a bad value, a missing file. */
export const USAGE_ERROR = 2;

/**
 * A mistake in how a command was run, found after its arguments were read (a
 * value out of range, a file that is not there). `ivr` prints the message with
 * a pointer to --help and exits 2; nothing has been changed.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Reads `argv` as `command` declares. Gives the values and positionals, or,
 * when the command must not run, the exit code after printing what to print:
 * the usage on --help (0), or the mistake and the synopsis (2).
 */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(argv: string[], command: CommandSpec<O>, output: CommandOutput = consoleOutput) {
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  if (flags.includes('--help') || flags.includes('-h')) {
    output.out(command.usage.trimEnd());
    return 0;
  }
  const max = command.maxPositionals ?? 0;
  try {
    // parseArgs's own message for an unknown option is about positionals; say it plainly.
    const { tokens } = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: false, tokens: true });
    const at = tokens.findIndex((token) => token.kind === 'option' && !Object.hasOwn(command.options, token.name));
    const unknown = tokens[at];
    if (unknown?.kind === 'option') {
      const next = tokens[at + 1];
      const value = unknown.value ?? (next?.kind === 'positional' ? next.value : undefined);
      const instead = command.insteadOf && Object.hasOwn(command.insteadOf, unknown.name) ? `; ${command.insteadOf[unknown.name]!(value)}` : closestOption(unknown.name, command.options);
      throw new Error(`unknown option ${unknown.rawName}${instead}`);
    }
    const parsed = parseArgs({ args: argv, options: command.options, allowPositionals: max > 0, strict: true });
    const empty = emptyOption(parsed.values);
    if (empty !== undefined) throw new Error(emptyValueProblem(empty, command.usage));
    if (parsed.positionals.length > max) {
      throw new Error(`takes at most ${max} argument${max === 1 ? '' : 's'} besides options, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
    }
    return parsed;
  } catch (err) {
    return refuse(command, (err as Error).message, output);
  }
}

/**
 * The first option given an empty value, if any. No option of `ivr` takes one, and a script that passes
 * `--at "$AT"` with AT unset must not call at whatever today is (nor send From="", nor hang up at second 0).
 */
function emptyOption(values: Record<string, unknown>): string | undefined {
  return Object.keys(values).find((name) => [values[name]].flat().some((value) => typeof value === 'string' && value.trim() === ''));
}

/**
 * `--at is empty; give ISO-8601, e.g. 2026-11-24T10:00`: what the option takes and its example, as the
 * command's usage gives them (its line `  --at ISO-8601  ...` and the lines under it, up to the next option).
 */
function emptyValueProblem(name: string, usage: string): string {
  const block = new RegExp(`^ {2}(?:-\\w, )?--${name} (\\S+)(.*(?:\\n {3,}(?!-).*)*)`, 'm').exec(usage);
  const example = block ? /e\.g\. ((?:--\S+ )?\S+?)[,;:.)]?(?:\s|$)/.exec(block[2] as string)?.[1] : undefined;
  return `--${name} is empty; give ${block ? block[1] : 'a value'}${example ? `, e.g. ${example}` : ''}`;
}

/** `; use --press` for a mistyped option (`--presss`), naming the closest ones the command has; nothing when none is close. */
function closestOption(name: string, options: ParseArgsOptionsConfig): string {
  const likely = closestNames(name, [...Object.keys(options), 'help']);
  return likely.length > 0 ? `; use ${likely.map((option) => `--${option}`).join(' or ')}` : '';
}

/**
 * Prints a mistake in how `command` was run, its synopsis and where the rest
 * is; gives exit code 2. The whole usage (25 lines and more) would push the
 * one line that matters off a small terminal.
 */
export function refuse(command: CommandSpec, mistake: string, output: CommandOutput = consoleOutput): number {
  const synopsis = command.usage.trimStart().split('\n\n')[0] as string;
  output.err(`ivr ${command.name}: ${mistake}\n\n${synopsis}\n\`ivr ${command.name} --help\` shows the whole usage.`);
  return USAGE_ERROR;
}

/** Refuses flow files named on the command line that are not there, or are folders (naming the flow files inside). */
export function requireFlowFiles(paths: readonly string[]): void {
  requireExisting(paths);
  const folder = paths.find((p) => statSync(p).isDirectory());
  if (folder !== undefined) throw new UsageError(`${folder} is a folder, not a flow file; ${flowFolderFix(folder)}`);
}

/** Refuses, in one line, a file or folder named on the command line that is not there. */
export function requireExisting(paths: readonly string[]): void {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
}

/** Refuses an option value that is not one of `allowed`, naming those that are (e.g. --line and the flow's lines). */
export function requireOneOf(option: string, given: readonly string[] | string | undefined, allowed: readonly string[], what: string): void {
  for (const value of typeof given === 'string' ? [given] : (given ?? [])) {
    if (allowed.includes(value)) continue;
    throw new UsageError(`${option} "${value}" is not ${what}; use one of: ${allowed.join(', ')}${theClosest(value, allowed)}`);
  }
}

/** ` (the closest: "busy")` for a mistyped name, naming the likeliest of `allowed`; nothing when none is close. */
export function theClosest(given: string, allowed: readonly string[]): string {
  const likely = closestNames(given, allowed);
  return likely.length > 0 ? ` (the closest: ${likely.map((n) => `"${n}"`).join(' or ')})` : '';
}

/** Runs `read` on an option's value; what it throws (a date that does not parse, say) is a usage mistake. */
export function readOption<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
