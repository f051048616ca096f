// What `ivr call` must be told to make the transfers of a path explore found.
// Explore transfers to a flow's placeholder number (the line's own) as if the
// operators' numbers were set; `ivr call`, as the deployed app, refuses such a
// transfer while its DEST_* setting is unset, and plays the refusal instead, so
// --dial-status would do nothing. The printed command sets each such setting to
// an example number, in front of it (`DEST_…=+390200000001 npx ivr call …`).

import { lineOfKnownNumber, placeholderOf, type Settings } from '../config/settings';
import type { Flow } from '../flow/schema';
import { choiceName } from './walkLine';
import { START, type Choice, type Ending, type LineWalk, type Situation } from './types';

/** The unset operators' settings of the transfers on `path` (and of the one it stops at), each with an example number that rings no line of the flow. */
export function unsetTransferSettings(walk: LineWalk, path: Choice[], flow: Flow, settings: Settings): Record<string, string> {
  const needed: string[] = [];
  // The call's first answer leads from the start to where the first choice is made.
  const next = (from: string, choice: Choice | undefined) => walk.steps.find((s) => s.from === from && choiceName(s.choice) === choiceName(choice))?.to;
  // Every transfer the call passes, and the one it ends at: `ivr call` plays a
  // transfer the path stops at too (as answered, unless --dial-status says otherwise).
  const passTransfer = (at: string | undefined) => {
    const situation = at === undefined ? undefined : walk.situations.get(at);
    const unset = situation && unsetSettingOfTransfer(situation, flow, settings);
    if (unset && !needed.includes(unset)) needed.push(unset);
  };
  let at = next(START, undefined);
  for (const choice of path) {
    passTransfer(at);
    if (at === undefined) break;
    at = next(at, choice);
  }
  passTransfer(at);
  const numbers = exampleNumbers(needed.length, flow, settings);
  return Object.fromEntries(needed.map((setting, i) => [setting, numbers[i] as string]));
}

/**
 * The operators' setting, unset here, of the transfer a call waits at (a dial situation of a walk), when
 * the number it dials is that setting's placeholder, which the app refuses: the printed commands set it,
 * and the transfer is named by it (transferTarget) rather than by that number.
 */
export function unsetSettingOfTransfer(situation: Situation, flow: Flow, settings: Settings): string | undefined {
  if (situation.kind !== 'dial') return undefined;
  const node = situation.node !== undefined && flow.nodes[situation.node]?.type === 'dial' ? situation.node : situation.lastNode;
  return refusedPlaceholder(flow, settings, node, situation.language ?? flow.defaultLanguage)?.setting;
}

/**
 * Whom a transfer to `to` reaches, in words, as `ivr explore` and `ivr diff` name it: the number, or, when
 * it is a placeholder whose operators' settings are unset here (`unsetSettings`), the operators and those
 * settings: the app would refuse that number, and the printed commands replace it with an example one.
 * `language`, the call's (as `ivr diff` tags each route, "(it)"), goes first in the operators' one bracket,
 * "the operators (it; DEST_…, unset here)": a second bracket after the first read as an afterthought. It is
 * the caller's language, not the operators': English callers may be sent to the Italian operators.
 */
export function transferTarget(to: string | undefined, unsetSettings: string[], language?: string): string {
  const tag = language === undefined ? '' : `${language}; `;
  if (unsetSettings.length > 0) return `the operators (${tag}${unsetSettings.join(' or ')}, unset here)`;
  return `${to ?? 'an unknown number'}${language === undefined ? '' : ` (${language})`}`;
}

/** `count` example numbers (+390200000001, +390200000002, …), skipping any that is a line of the flow: a transfer to it would be refused too. */
function exampleNumbers(count: number, flow: Flow, settings: Settings): string[] {
  const numbers: string[] = [];
  for (let n = 1; numbers.length < count; n++) {
    const number = `+3902${String(n).padStart(8, '0')}`;
    if (lineOfKnownNumber(flow, settings, number) === undefined) numbers.push(number);
  }
  return numbers;
}

/**
 * The unset operators' settings of the transfer a call ended connected at, in
 * `languages` (default: every language the dial node has a destination for):
 * the number it connected to is then the placeholder, the line's own, which
 * the app refuses and the printed commands replace with an example number, so
 * the ending names the setting rather than that number.
 */
export function unsetSettingsOfEnding(ending: Ending, flow: Flow, settings: Settings, languages?: string[]): string[] {
  const dial = ending.node === undefined ? undefined : flow.nodes[ending.node];
  if (ending.outcome.kind !== 'dial' || dial?.type !== 'dial') return [];
  const spoken = languages ?? (typeof dial.destination === 'string' ? [flow.defaultLanguage] : Object.keys(dial.destination));
  const to = ending.outcome.to;
  // Only the languages whose placeholder is the number connected: another language's operators may be set.
  const unset = spoken.flatMap((language) => {
    const placeholder = refusedPlaceholder(flow, settings, ending.node, language);
    return placeholder && flow.destinations[placeholder.destination]?.number === to ? [placeholder.setting] : [];
  });
  return [...new Set(unset)];
}

/**
 * The placeholder destination `node` transfers to in `language`, its setting unset here, when its number
 * rings a line of the app (as the flow ships: the line's own): the app refuses that transfer. A placeholder
 * given another number in the flow is put through as it is, and its calls need no setting.
 */
function refusedPlaceholder(flow: Flow, settings: Settings, node: string | undefined, language: string) {
  const unset = placeholderOf(flow, settings, node, language);
  const number = unset && flow.destinations[unset.destination]?.number;
  return number !== undefined && lineOfKnownNumber(flow, settings, number) !== undefined ? unset : undefined;
}
