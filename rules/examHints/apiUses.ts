import type { Node } from 'web-tree-sitter';
import { ancestorOfType, field, namedChildren, sameNode, unparenthesize } from '../engine/syntax';
import type { SemanticModel } from '../semantic/semanticModel';
import { literalString } from '../semantic/values';
import type { ApiCard } from './apiCard';
import { type ApiCardIndex, apiShortNames } from './cardIndex';

/**
 * Which API a node of the file stands for, resolved the way the rules resolve names: through
 * the file's imports and simple assignments. Precision over recall: a local def or class, or
 * an object from an unrelated package, never gets a card because of its name.
 */

/** A card and the node it was found on (the hovered name, keyword or string literal). */
export interface ApiCardUse {
  card: ApiCard;
  node: Node;
}

/**
 * Hovering a name that only starts a chain (`mlflow` in `mlflow.pyfunc.spark_udf(...)`,
 * `MlflowClient` in `MlflowClient().set_registered_model_alias(...)`) shows the API the chain
 * ends in, a few links up at most. The walk passes a call only when it constructs an object
 * (`MlflowClient()`): `mode` in `df.write.mode("x").partitionBy(...)` is not partitionBy.
 */
const MAX_CHAIN_STEPS = 4;
const MAX_VALUE_HOPS = 4;
const STRING_PARTS = new Set(['string_start', 'string_content', 'string_end', 'escape_sequence', 'escape_interpolation']);
const SQL_STATEMENT = /^\s*(?:SELECT|WITH|RESTORE|OPTIMIZE|VACUUM|CREATE|ALTER|INSERT|MERGE|UPDATE|DELETE|DESCRIBE|DROP|SHOW)\b/i;

export function cardUseAt(index: ApiCardIndex, model: SemanticModel, offset: number): ApiCardUse | undefined {
  let node: Node | null = model.document.nodeAt(offset);
  while (node && STRING_PARTS.has(node.type)) node = node.parent;
  if (!node) return undefined;
  if (node.type === 'string') {
    const card = cardForString(index, node, offset);
    return card ? { card, node } : undefined;
  }
  if (node.type !== 'identifier') return undefined;
  const card = cardForIdentifier(index, model, node);
  return card ? { card, node } : undefined;
}

/** The card for the API used at `node`: a name, a keyword argument's name, or a string literal. */
export function cardAt(index: ApiCardIndex, model: SemanticModel, node: Node, offset?: number): ApiCard | undefined {
  if (node.type === 'string' || STRING_PARTS.has(node.type)) {
    let string: Node | null = node;
    while (string && string.type !== 'string') string = string.parent;
    return string ? cardForString(index, string, offset) : undefined;
  }
  if (node.type === 'identifier') return cardForIdentifier(index, model, node);
  if (node.type === 'attribute' || node.type === 'call') {
    const name = node.type === 'attribute' ? field(node, 'attribute') : callName(node);
    return name ? cardForIdentifier(index, model, name) : undefined;
  }
  return undefined;
}

function cardForIdentifier(index: ApiCardIndex, model: SemanticModel, name: Node): ApiCard | undefined {
  const parent = name.parent;
  if (!parent) return undefined;
  if (parent.type === 'keyword_argument' && sameNode(field(parent, 'name'), name)) return cardForKeyword(index, model, name, parent);
  if (isBoundHere(name, parent)) return undefined;
  const statement = ancestorOfType(name, ['import_statement', 'import_from_statement']);
  if (statement) return cardForImportedName(index, name, statement);
  let expr = parent.type === 'attribute' && sameNode(field(parent, 'attribute'), name) ? parent : name;
  for (let step = 0; step < MAX_CHAIN_STEPS; step++) {
    if (expr.type !== 'call') {
      const card = cardForExpression(index, model, expr);
      if (card) return card;
    }
    const up = expr.parent;
    if (!up) break;
    const continues =
      (up.type === 'attribute' && sameNode(field(up, 'object'), expr)) ||
      (up.type === 'call' && sameNode(field(up, 'function'), expr) && isConstructorName(callName(up)));
    if (!continues) break;
    expr = up;
  }
  return undefined;
}

/** A name being defined, not used: `def fmin(...)`, a parameter, an assignment target. */
function isBoundHere(name: Node, parent: Node): boolean {
  switch (parent.type) {
    case 'function_definition':
    case 'class_definition':
      return sameNode(field(parent, 'name'), name);
    case 'parameters':
    case 'lambda_parameters':
    case 'default_parameter':
    case 'typed_parameter':
    case 'typed_default_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'global_statement':
    case 'nonlocal_statement':
      return true;
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return sameNode(field(parent, 'left'), name);
    case 'named_expression':
      return sameNode(field(parent, 'name'), name);
    default:
      return false;
  }
}

/** Class names by convention: `MlflowClient`, `FeatureEngineeringClient`, `WorkspaceClient`. */
function isConstructorName(name: Node | undefined): boolean {
  return !!name && /^_*[A-Z]/.test(name.text);
}

/**
 * An identifier or attribute chain: its resolved path, or a method on an object of unknown
 * type. A name that holds a call's result (`best = fmin(...)`, `cv = CrossValidator(...)`)
 * is a value, not the API: only its methods get cards.
 */
function cardForExpression(index: ApiCardIndex, model: SemanticModel, expr: Node): ApiCard | undefined {
  const qualifiedName = model.resolveQualifiedName(expr);
  if (qualifiedName && !(expr.type === 'identifier' && holdsCallResult(model, expr))) {
    const card = index.byQualifiedName.get(qualifiedName);
    if (card) return card;
  }
  if (expr.type !== 'attribute') return undefined;
  const method = field(expr, 'attribute')?.text;
  const candidates = method ? index.byMethod.get(method) : undefined;
  const receiver = field(expr, 'object');
  if (!candidates || !receiver) return undefined;
  if (qualifiedName && !index.domainRoots.has(rootOf(qualifiedName))) return undefined;
  if (!qualifiedName && headDefinitionKind(model, receiver) === 'class') return undefined;
  const needsHints = candidates.some((card) => card.match.receiverHints?.length);
  const chainText = needsHints ? receiverChainText(model, receiver) : '';
  return candidates.find((card) => {
    const hints = card.match.receiverHints;
    return !hints?.length || hints.some((hint) => chainText.includes(hint));
  });
}

/** `timestamp_keys=`: the called API's own card, else a card the keyword identifies on a call that is not local. */
function cardForKeyword(index: ApiCardIndex, model: SemanticModel, name: Node, keywordArgument: Node): ApiCard | undefined {
  const call = keywordArgument.parent?.parent;
  if (call?.type !== 'call') return undefined;
  const callee = field(call, 'function');
  if (!callee || (callee.type !== 'identifier' && callee.type !== 'attribute')) return undefined;
  const own = cardForExpression(index, model, callee);
  if (own) return own;
  const candidates = index.byKeyword.get(name.text);
  if (!candidates) return undefined;
  const qualifiedName = model.resolveQualifiedName(callee);
  if (qualifiedName && !index.domainRoots.has(rootOf(qualifiedName))) return undefined;
  if (!qualifiedName) {
    const kind = headDefinitionKind(model, callee);
    if (kind === 'class' || (kind === 'function' && callee.type === 'identifier')) return undefined;
  }
  const calleeName = callee.type === 'attribute' ? field(callee, 'attribute')?.text : callee.text;
  return candidates.find((card) => !!calleeName && apiShortNames(card).includes(calleeName)) ?? candidates[0];
}

function cardForImportedName(index: ApiCardIndex, name: Node, statement: Node): ApiCard | undefined {
  let dotted = name.parent;
  if (dotted?.type === 'aliased_import') {
    // `from hyperopt import fmin as minimize`: the alias stands for the imported name.
    if (!sameNode(field(dotted, 'alias'), name)) return undefined;
    dotted = field(dotted, 'name') ?? null;
    if (!dotted) return undefined;
    name = namedChildren(dotted).at(-1) ?? name;
  }
  if (dotted?.type !== 'dotted_name') return undefined;
  const parts: string[] = [];
  for (const part of namedChildren(dotted)) {
    parts.push(part.text);
    if (sameNode(part, name)) break;
  }
  const moduleNode = statement.type === 'import_from_statement' ? field(statement, 'module_name') : undefined;
  const inModuleName = !moduleNode || sameNode(moduleNode, dotted) || sameNode(moduleNode, dotted.parent ?? undefined);
  const path = inModuleName ? parts.join('.') : `${moduleNode.text}.${parts.join('.')}`;
  return index.byQualifiedName.get(path);
}

function cardForString(index: ApiCardIndex, string: Node, offset?: number): ApiCard | undefined {
  const literal = string.parent?.type === 'concatenated_string' ? string.parent : string;
  const value = literalString(literal);
  const exact = value !== undefined ? index.byString.get(value) : undefined;
  if (exact) return preferCalled(exact, literal);
  if (index.sqlWords.length === 0 || !isSqlText(literal, value)) return undefined;
  const text = literal.text;
  // The keyword under the cursor first, then the first one in the statement.
  let best: { card: ApiCard; distance: number } | undefined;
  for (const { pattern, card } of index.sqlWords) {
    const found = pattern.exec(text);
    if (!found) continue;
    const start = literal.startIndex + found.index;
    const end = start + found[0].length;
    const distance = offset === undefined ? start : offset >= start && offset <= end ? -1 : start + text.length;
    if (!best || distance < best.distance) best = { card, distance };
  }
  return best?.card;
}

/** SQL text: a string handed to `spark.sql(...)`, or one that starts with a SQL statement. */
function isSqlText(literal: Node, value: string | undefined): boolean {
  if (SQL_STATEMENT.test(value ?? literal.text.replace(/^[rRbBuUfF]*("""|'''|"|')/, ''))) return true;
  const call = literal.parent?.type === 'argument_list' ? literal.parent.parent : undefined;
  return call?.type === 'call' && callName(call)?.text === 'sql';
}

/** Several cards for one string: the one whose API is the call the string is passed to, if any. */
function preferCalled(cards: readonly ApiCard[], literal: Node): ApiCard {
  if (cards.length === 1) return cards[0];
  const call = ancestorOfType(literal, ['call']);
  const name = call ? callName(call)?.text : undefined;
  return cards.find((card) => !!name && apiShortNames(card).includes(name)) ?? cards[0];
}

function callName(call: Node): Node | undefined {
  const callee = field(call, 'function');
  if (!callee) return undefined;
  if (callee.type === 'identifier') return callee;
  return callee.type === 'attribute' ? field(callee, 'attribute') : undefined;
}

function rootOf(qualifiedName: string): string {
  const dot = qualifiedName.indexOf('.');
  return dot === -1 ? qualifiedName : qualifiedName.slice(0, dot);
}

/** Whether a name is bound, through plain assignments, to a call's result rather than to an import. */
function holdsCallResult(model: SemanticModel, name: Node): boolean {
  let current = name;
  for (let hop = 0; hop < MAX_VALUE_HOPS; hop++) {
    const binding = model.lookup(current);
    if (binding?.kind !== 'assignment' || !binding.value) return false;
    const value = unparenthesize(binding.value);
    if (value.type === 'call') return true;
    if (value.type !== 'identifier') return false;
    current = value;
  }
  return false;
}

/** The head of a chain (`df` in `df.groupBy("k")`), through calls, attributes and subscripts. */
function chainHead(node: Node): Node {
  let current = unparenthesize(node);
  for (;;) {
    const next =
      current.type === 'attribute' ? field(current, 'object') : current.type === 'call' ? field(current, 'function') : current.type === 'subscript' ? field(current, 'value') : undefined;
    if (!next) return current;
    current = unparenthesize(next);
  }
}

/** What the chain's head is bound to in this file, following plain assignments: `class` for `MyFrame().x`. */
function headDefinitionKind(model: SemanticModel, node: Node): string | undefined {
  let head = chainHead(node);
  for (let hop = 0; hop < MAX_VALUE_HOPS && head.type === 'identifier'; hop++) {
    const value = model.resolveValue(head);
    if (sameNode(value, head)) return model.lookup(head)?.kind;
    head = chainHead(value);
  }
  return undefined;
}

/**
 * The text of a receiver chain and of what its head was assigned from, a few assignments
 * back: `stream.withWatermark(...)` after `stream = spark.readStream.table(...)` mentions
 * `readStream`.
 */
function receiverChainText(model: SemanticModel, receiver: Node): string {
  const texts = [receiver.text];
  let head = chainHead(receiver);
  for (let hop = 0; hop < MAX_VALUE_HOPS && head.type === 'identifier'; hop++) {
    const value = model.resolveValue(head);
    if (sameNode(value, head)) break;
    texts.push(value.text);
    head = chainHead(value);
  }
  return texts.join('\n');
}
