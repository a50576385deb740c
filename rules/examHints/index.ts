import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../semantic/semanticModel';
import type { ApiCard } from './apiCard';
import { type ApiCardUse, cardAt, cardUseAt } from './apiUses';
import { ApiCardIndex } from './cardIndex';
import { featureStoreCards } from './featureStoreCards';
import { mlflowCards } from './mlflowCards';
import { monitoringSecurityCards } from './monitoringSecurityCards';
import { servingCards } from './servingCards';
import { sparkMlCards } from './sparkMlCards';
import { streamingDeltaCards } from './streamingDeltaCards';
import { tuningCards } from './tuningCards';

export type { ApiCard, ApiMatch } from './apiCard';
export type { ApiCardUse } from './apiUses';
export { apiCardMarkdown, apiCardText, apiCardListing } from './render';

/** Every API card, in the order of the exam's areas. */
export const allApiCards: readonly ApiCard[] = [
  ...sparkMlCards,
  ...tuningCards,
  ...mlflowCards,
  ...featureStoreCards,
  ...servingCards,
  ...streamingDeltaCards,
  ...monitoringSecurityCards,
];

const cardIndex = new ApiCardIndex(allApiCards);

/**
 * Every card a name given on the command line may mean, best first: the card with that key
 * (any letter case), then cards whose key ends in it at a dot (`spark_udf`,
 * `pyfunc.spark_udf`), then cards with a matched path or method of that name (`log_metrics`).
 */
export function findApiCards(name: string): ApiCard[] {
  const wanted = name.trim().toLowerCase();
  if (!wanted) return [];
  const endsWith = (candidate: string) => {
    const lower = candidate.toLowerCase();
    return lower === wanted || lower.endsWith(`.${wanted}`);
  };
  const byKey = allApiCards.filter((card) => card.key.toLowerCase() === wanted);
  const byKeyEnd = allApiCards.filter((card) => !byKey.includes(card) && endsWith(card.key));
  const byMatch = allApiCards.filter(
    (card) =>
      !byKey.includes(card) &&
      !byKeyEnd.includes(card) &&
      [...(card.match.qualifiedNames ?? []), ...(card.match.methods ?? [])].some(endsWith),
  );
  return [...byKey, ...byKeyEnd, ...byMatch];
}

/** The card `mltraps explain <name>` prints: by key or by the last segment (`explain spark_udf`). */
export function findApiCard(name: string): ApiCard | undefined {
  return findApiCards(name)[0];
}

/**
 * The card for the API used at `node` (a name, a keyword argument's name or a string literal),
 * resolved through the file's imports. `offset` picks the keyword under the cursor in SQL text.
 */
export function apiCardAt(model: SemanticModel, node: Node, offset?: number): ApiCard | undefined {
  return cardAt(cardIndex, model, node, offset);
}

/** The card and the node it was found on for the text at `offset` (what a hover shows and highlights). */
export function apiCardUseAt(model: SemanticModel, offset: number): ApiCardUse | undefined {
  return cardUseAt(cardIndex, model, offset);
}
