import type { Node } from 'web-tree-sitter';
import { field, namedChildren, unparenthesize } from '../engine/syntax';
import { argumentEntries } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { ANY_KEY, changedPath, stringKey } from './valuePaths';

/**
 * The keyword names a call receives, when the file shows all of them: its own `name=value`
 * arguments and the keys of each `**params` whose dict the file builds (`params = {"table_name":
 * ..., ...}`, then `params["time_series"] = ...` under any condition). Undefined when a key may
 * come from elsewhere: `*args`, a `**` of something else (a parameter, a call, `dict(...)`), a
 * computed key, or a use of the dict other than a key set by subscript (`params.update(...)`,
 * `params |= ...`, passed to a function, bound to another name), which may add any key.
 */
export function keywordNamesReceived(model: SemanticModel, site: CallSite): Set<string> | undefined {
  const names = new Set<string>();
  for (const entry of argumentEntries(site)) {
    if (entry.type === 'keyword_argument') {
      if (entry.keyword === undefined) return undefined;
      names.add(entry.keyword);
    } else if (entry.type === 'dictionary_splat') {
      const keys = splatKeys(model, entry.node);
      if (!keys) return undefined;
      for (const key of keys) names.add(key);
    } else if (entry.type === 'list_splat') return undefined;
  }
  return names;
}

function splatKeys(model: SemanticModel, splat: Node): string[] | undefined {
  const name = namedChildren(splat).find((child) => child.type !== 'comment');
  if (name?.type !== 'identifier') return undefined;
  const reaching = model.bindings.reachingBindings(name.text, name);
  const binding = reaching.length === 1 ? reaching[0] : undefined;
  const dictionary = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
  if (!binding || dictionary?.type !== 'dictionary') return undefined;
  const keys: string[] = [];
  for (const pair of namedChildren(dictionary)) {
    if (pair.type === 'comment') continue;
    const key = pair.type === 'pair' ? literalKey(field(pair, 'key')) : undefined;
    if (key === undefined) return undefined;
    keys.push(key);
  }
  // Every read of the name: this splat, a value read by key (`params["table_name"]`), or a key
  // set by subscript (`params["k"] = v`).
  for (const use of model.mayRead(binding)) {
    if (use.id === name.id) continue;
    const subscript = subscriptUse(use);
    if (!subscript) return undefined;
    if (subscript.sets === undefined) continue;
    if (subscript.sets === ANY_KEY) return undefined;
    keys.push(subscript.sets);
  }
  // A change made in another way than through the reads above (`params += ...` is a read too).
  for (const change of model.bindings.changesOf(binding)) {
    const path = changedPath(change);
    if (change.type === 'call' || path.length === 0 || path[0] === ANY_KEY) return undefined;
  }
  return keys;
}

/**
 * `use` as the object of a subscript: the key it sets when an assignment writes there
 * (`use["k"] = v`, `use["k"]["x"] = v`: k; ANY_KEY for a computed key), none for a read.
 * Undefined for any other use of the name.
 */
function subscriptUse(use: Node): { sets?: string | typeof ANY_KEY } | undefined {
  const subscript = use.parent;
  if (subscript?.type !== 'subscript' || field(subscript, 'value')?.id !== use.id) return undefined;
  let target: Node = subscript;
  while (target.parent?.type === 'subscript' && field(target.parent, 'value')?.id === target.id) target = target.parent;
  const assignment = target.parent;
  const written = (assignment?.type === 'assignment' || assignment?.type === 'augmented_assignment') && field(assignment, 'left')?.id === target.id;
  if (!written) return {};
  return { sets: stringKey(field(subscript, 'subscript') ?? undefined) };
}

/** A dict key written as a plain string literal. */
function literalKey(node: Node | undefined): string | undefined {
  const key = stringKey(node);
  return key === ANY_KEY ? undefined : key;
}
