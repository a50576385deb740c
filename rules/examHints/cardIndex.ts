import { MLFLOW_CLIENT_CLASSES } from '../semantic/modelRegistry';
import type { ApiCard } from './apiCard';

/**
 * The cards by what identifies a use of their API, built once: a hover looks up the few keys
 * the hovered node offers instead of scanning every card.
 */
export class ApiCardIndex {
  readonly byQualifiedName = new Map<string, ApiCard>();
  readonly byMethod = new Map<string, ApiCard[]>();
  readonly byKeyword = new Map<string, ApiCard[]>();
  readonly byString = new Map<string, ApiCard[]>();
  /** Upper-case entries of `strings` (`RESTORE`, `ZORDER BY`), also found as words inside SQL text. */
  readonly sqlWords: { pattern: RegExp; card: ApiCard }[] = [];
  /**
   * Top-level packages whose objects may carry a card's method (`databricks.globals.spark.table(...)`
   * is a DataFrame). A method called on an object resolved into any other package (`mylib`,
   * `pandas`) is that package's method, whatever its name.
   */
  readonly domainRoots = new Set<string>(['pyspark', 'databricks']);

  constructor(cards: readonly ApiCard[]) {
    for (const card of cards) {
      for (const name of card.match.qualifiedNames ?? []) {
        for (const variant of importPathVariants(name)) {
          if (!this.byQualifiedName.has(variant)) this.byQualifiedName.set(variant, card);
        }
        this.domainRoots.add(name.split('.')[0]);
      }
      for (const method of card.match.methods ?? []) push(this.byMethod, method, card);
      for (const keyword of card.match.keywords ?? []) push(this.byKeyword, keyword, card);
      for (const value of card.match.strings ?? []) {
        push(this.byString, value, card);
        if (/^[A-Z]+(?: [A-Z]+)*$/.test(value)) {
          this.sqlWords.push({ pattern: new RegExp(`\\b${value.replace(/ /g, '\\s+')}\\b`, 'i'), card });
        }
      }
    }
  }
}

function push(map: Map<string, ApiCard[]>, key: string, card: ApiCard): void {
  const list = map.get(key);
  if (!list) map.set(key, [card]);
  else if (!list.includes(card)) list.push(card);
}

/** The MLflow client class is importable from four modules; a card names one of them. */
function importPathVariants(name: string): string[] {
  const client = MLFLOW_CLIENT_CLASSES.find((path) => name.startsWith(`${path}.`));
  if (!client) return [name];
  const member = name.slice(client.length);
  return MLFLOW_CLIENT_CLASSES.map((path) => path + member);
}

/** The names a card's API goes by in code: the last segments of its paths, and its methods. */
export function apiShortNames(card: ApiCard): string[] {
  return [...(card.match.qualifiedNames ?? []).map((name) => name.slice(name.lastIndexOf('.') + 1)), ...(card.match.methods ?? [])];
}
