import type { Node } from 'web-tree-sitter';
import { insertAt, replaceNode } from './engine/fixBuilders';
import { namedChildren, unparenthesize } from './engine/syntax';
import type { Fix, Rule } from './engine/types';
import { servingEndpointCalls } from './semantic/servingRequests';
import type { SemanticModel } from './semantic/semanticModel';
import { type DictEntries, dictEntries, sequenceElements } from './semantic/values';

const INPUT_KEYS = ['dataframe_records', 'dataframe_split', 'instances', 'inputs'];
/**
 * The request keys of foundation-model and external-model endpoints (chat, completions,
 * embeddings), which share the invocations URL: bodies with them are not model inputs in the
 * wrong shape.
 */
const LLM_KEYS = ['messages', 'prompt', 'input'];
const SPLIT_KEYS = new Set(['columns', 'data', 'index']);

function isRowList(model: SemanticModel, node: Node): boolean {
  const sequence = sequenceElements(model, node);
  return !!sequence && sequence.complete && sequence.elements.length > 0 && sequence.elements.every((element) => model.resolveValue(element).type === 'dictionary');
}

/** The literal written where the body value is defined (the call's argument, or the assignment it comes from). */
function wrap(literal: Node, key: string, title: string, safety: Fix['safety']): Fix {
  return { title, safety, edits: [insertAt(literal.startIndex, `{"${key}": `), insertAt(literal.endIndex, '}')] };
}

function dictFixes(model: SemanticModel, dict: DictEntries): Fix[] {
  const keys = [...dict.entries.keys()];
  if (keys.includes('columns') && keys.includes('data') && keys.every((key) => SPLIT_KEYS.has(key))) {
    return [wrap(dict.node, 'dataframe_split', 'Wrap the columns/data dict as {"dataframe_split": ...}', 'safe')];
  }
  if (keys.length === 1 && isRowList(model, dict.entries.get(keys[0])!)) {
    const key = unparenthesize(namedChildren(dict.pairs.get(keys[0])!)[0]);
    if (key.type === 'string') {
      return [{ title: `Rename "${keys[0]}" to "dataframe_records"`, safety: 'unsafe', edits: [replaceNode(key, '"dataframe_records"')] }];
    }
  }
  return [];
}

export const mlt607ServingPayloadFormat: Rule = {
  meta: {
    id: 'MLT607',
    name: 'serving-payload-format',
    severity: 'error',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: 'A request body for a serving endpoint without dataframe_records / dataframe_split / instances / inputs',
  },
  docs: {
    trap: 'Posting a request body to a Model Serving endpoint in a shape it does not accept: a bare list of rows, `{"columns": ..., "data": ...}` without its wrapper, or `{"data": [...]}`.',
    reality:
      'Model Serving accepts `dataframe_records` (a list of row dicts), `dataframe_split` (`{"columns": [...], "data": [[...]]}`), `instances` or `inputs` (tensor input) as the top-level key of the JSON body; any other body is rejected with a 400 error.',
    example: [
      'import requests',
      '',
      'requests.post(',
      '    f"https://{host}/serving-endpoints/churn/invocations",',
      '    json={"columns": ["age", "plan"], "data": [[42, "basic"]]},',
      '    headers=headers,',
      ')',
    ].join('\n'),
    useInstead: [
      'import requests',
      '',
      'requests.post(',
      '    f"https://{host}/serving-endpoints/churn/invocations",',
      '    json={"dataframe_split": {"columns": ["age", "plan"], "data": [[42, "basic"]]}},',
      '    headers=headers,',
      ')',
    ].join('\n'),
    fix: 'Wraps a list of row dicts as `{"dataframe_records": [...]}` and a columns/data dict as `{"dataframe_split": {...}}`; a dict whose only key holds a list of row dicts gets that key renamed to `dataframe_records`. No fix when the shape is not clear.',
    fixSafety: 'Wrapping is safe (the body is rejected as it is, and the wrapper is exactly what the endpoint expects); renaming a key is unsafe (check the list really holds the rows to score).',
    examFact: 'The four accepted input keys are dataframe_records, dataframe_split, instances and inputs; chat and completions endpoints take messages / prompt instead.',
  },
  triggers: ['invocations', 'get_deploy_client'],
  check(context) {
    const { model } = context;
    for (const call of servingEndpointCalls(model)) {
      if (!call.body || call.kind === 'sdk') continue;
      const value = model.resolveValue(call.body);
      if (value.hasError) continue;
      if (value.type === 'list' && isRowList(model, value)) {
        context.report({
          node: call.bodyArgument ?? call.body,
          message: 'the request body is a bare list of rows: Model Serving expects {"dataframe_records": [...]} (or dataframe_split / instances / inputs)',
          fixes: [wrap(value, 'dataframe_records', 'Wrap the rows as {"dataframe_records": [...]}', 'safe')],
        });
        continue;
      }
      const dict = value.type === 'dictionary' ? dictEntries(model, value) : undefined;
      if (!dict || !dict.complete || dict.entries.size === 0) continue;
      const keys = [...dict.entries.keys()];
      if (keys.some((key) => INPUT_KEYS.includes(key) || LLM_KEYS.includes(key))) continue;
      context.report({
        node: call.bodyArgument ?? call.body,
        message: `the request body's keys (${keys.map((key) => `"${key}"`).join(', ')}) include none of dataframe_records, dataframe_split, instances, inputs: the endpoint rejects it`,
        fixes: dictFixes(model, dict),
      });
    }
  },
};
