// A changed route in words, kept in the parts the call's language decides and
// the parts it does not: a change that happens the same way in Italian and in
// English (two keys of a menu swapped) is one entry of `ivr diff`, whose route
// names the nodes once and each language's tag or operators after them.

import { transferTarget } from '../explore/transferSettings';

export interface RouteParts {
  /** What the call does, in words no language decides: "consumer-chat-hours > consumer-chat, waits for a key at consumer-chat". */
  shape: string;
  /** The call's language where it waits next or transfers, which tags the route ("(it)"); absent for a call that ends. */
  language?: string;
  /** Whom a transfer reaches, after the shape: the number dialled, or the operators whose settings are unset here. */
  target?: { to?: string; unset: string[] };
}

/** "consumer-chat-hours > consumer-chat, waits for a key at consumer-chat (en)": the route of one call. */
export function routeText({ shape, language, target }: RouteParts): string {
  if (target) return `${shape} ${transferTarget(target.to, target.unset, language)}`;
  return language ? `${shape} (${language})` : shape;
}

/**
 * The route of calls in several languages whose shape is the same: "waits for a key at consumer-chat (en or
 * it)", or each language's transfer, "the operators (en; DEST_…_EN, unset here) or the operators (it; …)",
 * since the language picks the operators and a reviewer must see whom each language's callers reach.
 */
export function routeInLanguages(routes: RouteParts[]): string {
  const texts = [...new Set(routes.map(routeText))];
  const first = routes[0];
  if (texts.length === 1 || !first) return texts[0] ?? '';
  const languages = [...new Set(routes.map((route) => route.language).filter((language) => language !== undefined))].join(' or ');
  if (!first.target) return `${first.shape} (${languages})`;
  const targets = new Set(routes.map(({ target }) => JSON.stringify(target)));
  if (targets.size === 1) return `${first.shape} ${transferTarget(first.target.to, first.target.unset, languages || undefined)}`;
  return `${first.shape} ${routes.map(({ target, language }) => transferTarget(target?.to, target?.unset ?? [], language)).join(' or ')}`;
}
