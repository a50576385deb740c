import type { Node } from 'web-tree-sitter';
import { insertAt, replaceNode } from './engine/fixBuilders';
import { namedChildren, unparenthesize } from './engine/syntax';
import type { Fix, Rule } from './engine/types';
import { decodeStringLiteral, jsonObjectsIn } from './semantic/embeddedJson';
import { argument, keywordArgument } from './semantic/calls';
import { FOUNDATION_MODEL_KEYS, isFoundationModelRequest, servingEndpointCalls } from './semantic/servingRequests';
import type { SemanticModel } from './semantic/semanticModel';
import { type DictEntries, dictEntries, sequenceElements, stringValue } from './semantic/values';

const INPUT_KEYS = ['dataframe_records', 'dataframe_split', 'instances', 'inputs'];
const SPLIT_KEYS = new Set(['columns', 'data', 'index']);

function isRowList(model: SemanticModel, node: Node, rowTypes: readonly string[] = ['dictionary']): boolean {
  const sequence = sequenceElements(model, node);
  return !!sequence && sequence.complete && sequence.elements.length > 0 && sequence.elements.every((element) => rowTypes.includes(model.resolveValue(element).type));
}

/**
 * Wrap the body as `{key: ...}`. Where the body is written at the call, the expression there is
 * wrapped; where it comes through a name, the name at the call is (the variable keeps its value
 * for its other uses).
 */
function wrap(target: Node, key: string, title: string): Fix {
  return { title, safety: 'safe', edits: [insertAt(target.startIndex, `{"${key}": `), insertAt(target.endIndex, '}')] };
}

function dictFixes(model: SemanticModel, dict: DictEntries, target: Node, writtenAtCall: boolean): Fix[] {
  const keys = [...dict.entries.keys()];
  if (keys.includes('columns') && keys.includes('data') && keys.every((key) => SPLIT_KEYS.has(key))) {
    return [wrap(target, 'dataframe_split', 'Wrap the columns/data dict as {"dataframe_split": ...}')];
  }
  // Renaming a key changes the dict itself: only where it is written at the call.
  if (writtenAtCall && keys.length === 1 && isRowList(model, dict.entries.get(keys[0])!)) {
    const key = unparenthesize(namedChildren(dict.pairs.get(keys[0])!)[0]);
    if (key.type === 'string') {
      return [{ title: `Rename "${keys[0]}" to "dataframe_records"`, safety: 'unsafe', edits: [replaceNode(key, '"dataframe_records"')] }];
    }
  }
  return [];
}

/** `pdf.to_dict(orient="split")` / `to_dict("records")`: the body a pandas DataFrame gives without its wrapper. */
function pandasOrient(model: SemanticModel, value: Node): 'split' | 'records' | undefined {
  if (value.type !== 'call') return undefined;
  const site = model.callSite(value);
  if (site.name !== 'to_dict' || !site.receiver) return undefined;
  const orient = stringValue(model, argument(site, 'orient', 0));
  return orient === 'split' || orient === 'records' ? orient : undefined;
}

/** The top-level keys of a JSON object written in a string body (`data='{"columns": ...}'`). */
function jsonStringKeys(model: SemanticModel, node: Node): string[] | undefined {
  const literal = unparenthesize(model.resolveValue(node));
  if (literal.type !== 'string') return undefined;
  const decoded = decodeStringLiteral(literal);
  if (!decoded || !decoded.text.trimStart().startsWith('{')) return undefined;
  const [object] = jsonObjectsIn(decoded.text, 1);
  if (!object || object.kind !== 'object' || decoded.text.slice(object.range.end).trim() !== '') return undefined;
  return object.entries.map((entry) => entry.key);
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
    trap: 'Posting a request body to a Model Serving endpoint in a shape it does not accept: a bare list of rows, `{"columns": ..., "data": ...}` without its wrapper, or `{"data": [...]}`; or a dict given as `data=`, which requests and httpx send form-encoded (`key=value` pairs), not as JSON, whatever the Content-Type header says.',
    reality:
      'A custom model endpoint accepts `dataframe_records` (a list of row dicts), `dataframe_split` (`{"columns": [...], "data": [[...]]}`), `instances` or `inputs` (tensor input) as the top-level key of the JSON body; any other body is rejected with a 400 error ("The input must be a JSON dictionary with exactly one of the input fields ..."). That includes `pdf.to_dict(orient="split")` or `orient="records"` sent without its wrapper (the MLflow 1.x format). The mlflow deployments client\'s `predict(endpoint, inputs)` sends `inputs` as that body, unchanged. Foundation-model and external-model endpoints (chat, completions, embeddings, agents) take their own bodies (`messages`, `prompt`, `input`) and are not checked.',
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
    fix: 'Wraps a list of row dicts or `to_dict(orient="records")` as `{"dataframe_records": ...}`, and a columns/data dict or `to_dict(orient="split")` as `{"dataframe_split": ...}` — at the call, so a variable keeps its value for its other uses; a dict written at the call whose only key holds a list of row dicts gets that key renamed to `dataframe_records`. No fix when the shape is not clear.',
    fixSafety: 'Wrapping is safe (the body is rejected as it is, and the wrapper is exactly what the endpoint expects); renaming a key is unsafe (check the list really holds the rows to score).',
    examFact: 'The four accepted input keys are dataframe_records, dataframe_split, instances and inputs; chat and completions endpoints take messages / prompt instead.',
    references: [
      { title: 'Query serving endpoints for custom models (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/score-custom-model-endpoints' },
      { title: 'Deploy MLflow models: the scoring server\'s input formats (MLflow)', url: 'https://mlflow.org/docs/latest/ml/deployment/deploy-model-locally/' },
    ],
  },
  triggers: ['invocations', 'get_deploy_client'],
  alsoNeeds: ['serving-endpoints', 'get_deploy_client'],
  check(context) {
    const { model } = context;
    for (const call of servingEndpointCalls(model)) {
      if (call.kind === 'sdk' || isFoundationModelRequest(model, call)) continue;
      if (!call.body) {
        // `data={"dataframe_split": ...}`: requests and httpx form-encode a dict given as data=.
        const data = call.kind === 'http' ? keywordArgument(call.site, 'data') : undefined;
        if (data && model.resolveValue(data).type === 'dictionary') {
          context.report({
            node: data,
            message: 'data= with a dict sends a form-encoded body (key=value pairs), not JSON, whatever the Content-Type header says: the endpoint cannot read it and rejects the request; send the dict with json= (each input key holding a dict or list, not a JSON string)',
          });
          continue;
        }
        // A JSON string posted as it is: `data='{"columns": [...], "data": [...]}'`.
        const keys = call.kind === 'http' && call.bodyArgument ? jsonStringKeys(model, call.bodyArgument) : undefined;
        if (keys && keys.length > 0 && !keys.some((key) => INPUT_KEYS.includes(key) || FOUNDATION_MODEL_KEYS.includes(key))) {
          context.report({
            node: call.bodyArgument!,
            message: `the request body's keys (${keys.map((key) => `"${key}"`).join(', ')}) include none of dataframe_records, dataframe_split, instances, inputs: the endpoint rejects it`,
          });
        }
        continue;
      }
      const written = unparenthesize(call.body);
      const value = model.resolveValue(call.body);
      if (value.hasError) continue;
      const writtenAtCall = value.id === written.id;
      if (value.type === 'list' && isRowList(model, value)) {
        context.report({
          node: call.bodyArgument ?? call.body,
          message: 'the request body is a bare list of rows: Model Serving expects {"dataframe_records": [...]} (or dataframe_split / instances / inputs)',
          fixes: [wrap(written, 'dataframe_records', 'Wrap the rows as {"dataframe_records": [...]}')],
        });
        continue;
      }
      // `json=[[42, "basic"]]`, `[(42, "basic")]`: rows written as lists or tuples (sent as JSON arrays) have no column names to wrap them with.
      if ((value.type === 'list' || value.type === 'tuple') && isRowList(model, value, ['list', 'tuple'])) {
        context.report({
          node: call.bodyArgument ?? call.body,
          message: 'the request body is a bare list of rows: Model Serving expects {"dataframe_split": {"columns": [...], "data": [...]}} for rows written as lists (or dataframe_records / instances / inputs)',
        });
        continue;
      }
      const orient = pandasOrient(model, value);
      if (orient) {
        const key = orient === 'split' ? 'dataframe_split' : 'dataframe_records';
        context.report({
          node: call.bodyArgument ?? call.body,
          message: `the request body is DataFrame.to_dict(orient="${orient}") without its wrapper: Model Serving rejects it and expects {"${key}": ...}`,
          fixes: [wrap(written, key, `Wrap the body as {"${key}": ...}`)],
        });
        continue;
      }
      const dict = value.type === 'dictionary' ? dictEntries(model, value) : undefined;
      if (!dict || !dict.complete || dict.entries.size === 0) continue;
      const keys = [...dict.entries.keys()];
      if (keys.some((key) => INPUT_KEYS.includes(key) || FOUNDATION_MODEL_KEYS.includes(key))) continue;
      context.report({
        node: call.bodyArgument ?? call.body,
        message: `the request body's keys (${keys.map((key) => `"${key}"`).join(', ')}) include none of dataframe_records, dataframe_split, instances, inputs: the endpoint rejects it`,
        fixes: dictFixes(model, dict, written, writtenAtCall),
      });
    }
  },
};
