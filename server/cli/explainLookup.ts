import { allRules, findRule } from '../../rules';
import { allApiCards, findApiCards, type ApiCard } from '../../rules/examHints';
import type { Rule } from '../../rules/engine/types';

/**
 * What `mltraps explain <topic>` and `mltraps explain --search WORD` find among the rules and
 * the API cards. Pure functions over the rule and card data, so the CLI only prints.
 */

export type Topic = { kind: 'rule'; rule: Rule } | { kind: 'card'; card: ApiCard };

export type Lookup =
  /** One topic: an exact id, name or key (`others` lists further exact matches), or the only partial match. */
  | { kind: 'one'; topic: Topic; others: ApiCard[] }
  /** Several partial matches: the user picks one by its key. */
  | { kind: 'several'; topics: Topic[] }
  /** Nothing matched: the closest keys, best first. */
  | { kind: 'none'; suggestions: string[] };

/** The key `mltraps explain` accepts for a topic: a rule's id, a card's key. */
export function topicKey(topic: Topic): string {
  return topic.kind === 'rule' ? topic.rule.meta.id : topic.card.key;
}

/** One line about a topic: a rule's name and title, the first sentence of what a card's API does. */
export function topicSummary(topic: Topic): string {
  if (topic.kind === 'rule') return `${topic.rule.meta.name}: ${topic.rule.meta.title}`;
  return firstSentence(topic.card.what);
}

function firstSentence(text: string): string {
  const end = text.search(/\.(?:\s|$)/);
  const sentence = end === -1 ? text : text.slice(0, end);
  return sentence.length > 110 ? `${sentence.slice(0, 109)}…` : sentence;
}

/** The names a card goes by: its key, the paths and methods it matches, their last segments. */
function cardNames(card: ApiCard): string[] {
  const paths = [...(card.match.qualifiedNames ?? []), ...(card.match.methods ?? [])];
  return [card.key, ...paths, ...paths.map((name) => name.slice(name.lastIndexOf('.') + 1))];
}

/**
 * An exact rule id or name, then an exact card key or last segment (`spark_udf`), then any
 * rule or card whose id, name, key or matched API names contain the topic (any letter case).
 */
export function lookupTopic(query: string): Lookup {
  const wanted = query.trim().toLowerCase();
  const rule = findRule(query.trim());
  if (rule) return { kind: 'one', topic: { kind: 'rule', rule }, others: [] };
  const [card, ...others] = findApiCards(query);
  if (card) return { kind: 'one', topic: { kind: 'card', card }, others };
  if (!wanted) return { kind: 'none', suggestions: [] };
  const topics: Topic[] = [
    ...allRules.filter((r) => [r.meta.id, r.meta.name].some((name) => name.toLowerCase().includes(wanted))).map((r): Topic => ({ kind: 'rule', rule: r })),
    ...allApiCards.filter((c) => cardNames(c).some((name) => name.toLowerCase().includes(wanted))).map((c): Topic => ({ kind: 'card', card: c })),
  ];
  if (topics.length === 1) return { kind: 'one', topic: topics[0], others: [] };
  if (topics.length > 1) return { kind: 'several', topics };
  return { kind: 'none', suggestions: closestKeys(wanted) };
}

/** The text of a topic that `--search` looks in: titles, facts, confusions, rule docs. */
function searchableText(topic: Topic): string {
  if (topic.kind === 'card') {
    const { card } = topic;
    return [card.key, card.title, card.what, card.examFact, card.confusedWith, card.studyMaterial, card.legacy].filter(Boolean).join('\n');
  }
  const { meta, docs } = topic.rule;
  return [meta.id, meta.name, meta.title, meta.legacy, docs.trap, docs.reality, docs.examFact, docs.studyMaterial, docs.fix].filter(Boolean).join('\n');
}

/** Rules and cards whose titles or facts contain every word of `query` (any letter case), rules first. */
export function searchTopics(query: string): Topic[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const topics: Topic[] = [...allRules.map((rule): Topic => ({ kind: 'rule', rule })), ...allApiCards.map((card): Topic => ({ kind: 'card', card }))];
  return topics.filter((topic) => {
    const text = searchableText(topic).toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** `id  summary` lines, keys padded to one column. */
export function topicListing(topics: readonly Topic[]): string {
  const width = Math.max(0, ...topics.map((topic) => topicKey(topic).length));
  return topics.map((topic) => `  ${topicKey(topic).padEnd(width)}  ${topicSummary(topic)}\n`).join('');
}

/** The keys closest to a misspelt topic (edit distance over keys, rule names and API names), at most three. */
export function closestKeys(wanted: string, limit = 3): string[] {
  const candidates = new Map<string, string>();
  for (const rule of allRules) {
    candidates.set(rule.meta.id.toLowerCase(), rule.meta.id);
    candidates.set(rule.meta.name, rule.meta.name);
  }
  for (const card of allApiCards) for (const name of cardNames(card)) if (!candidates.has(name.toLowerCase())) candidates.set(name.toLowerCase(), card.key);
  const scored = [...candidates].map(([name, key]) => ({ key, distance: editDistance(wanted, name) / Math.max(wanted.length, name.length) }));
  scored.sort((a, b) => a.distance - b.distance);
  const keys: string[] = [];
  for (const { key, distance } of scored) {
    if (distance > 0.5 || keys.length >= limit) break;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
