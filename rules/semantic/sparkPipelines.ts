import { FactCache, KeyedFactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import { ancestorOfType, contains, field, namedChildren, unparenthesize } from '../engine/syntax';
import type { Binding } from './bindings';
import { allArguments, argument, argumentEntries, hasSplatArguments } from './calls';
import { type BoundNames, changedAfter, evaluateString, listItems, templatePattern } from './columnLists';
import { DerivedValues } from './dataFrameLineage';
import { literalString, stringList } from './values';
import { readsVariable } from './nameReads';
import { isReboundGlobal } from './reboundGlobals';
import { importedPackage, isAlwaysInstalled } from './pythonPackages';
import type { CallSite, SemanticModel } from './semanticModel';
import { isPipelineClass, isTuner, type SparkMlClass, sparkMlClass, type StageRole } from './sparkMlClasses';

export { type OutputKind, type SparkMlClass, type StageRole, isPipelineClass, SPARK_ML_IMPORT_TEXT, sparkMlClass } from './sparkMlClasses';

/**
 * Spark ML pipelines as the MLT1xx rules see them: every `Pipeline(stages=...)` /
 * `.setStages(...)` in the file, its stage list followed through names, and for each stage
 * its class and the columns it reads and writes. Whatever cannot be known is marked unknown
 * so that rules stay silent there.
 */

/** One column name in a stage's parameters. */
export interface ColumnRef {
  name: string;
  /** The string literal that holds the name; absent for Spark's default names. */
  node?: Node;
  /** The literal is written in the stage's own call (not through a shared name): safe to edit. */
  inline: boolean;
  /**
   * Where the stage's own parameter yields the column: the literal when written there, else
   * the name or comprehension it comes through (`cat_cols` in `inputCols=cat_cols + ["age"]`).
   */
  via?: Node;
  /** Spark's name for an output column no parameter sets: `<uid>__output` (HasOutputCol's default). */
  uidDefault?: true;
}

/** A stage's input or output columns: known (possibly none) or unknown. */
export type ColumnSet = { known: true; columns: ColumnRef[] } | { known: false };

export const UNKNOWN_COLUMNS: ColumnSet = { known: false };

export interface FeaturesColumn {
  /** Undefined when the value is not a literal. */
  name?: string;
  node?: Node;
  /** False when it is Spark's default, "features". */
  explicit: boolean;
  /** The literal is written in the stage's own call (not through a shared name): safe to edit. */
  inline?: boolean;
}

export interface StageDescription {
  /** The `X(...)` constructor call the stage comes from (directly or through a name). */
  constructorCall?: Node;
  /** Only for classes under `pyspark.ml.`. */
  sparkClass?: SparkMlClass;
  /** 'unknown': not a Spark ML constructor this layer can see (a name of unknown origin, a loop, another library). */
  role: StageRole | 'unknown';
  inputs: ColumnSet;
  outputs: ColumnSet;
  /**
   * When `outputs` is unknown only because the stage is built once per value of a list the
   * file does not show (`[StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cols]`):
   * the names it can write (`/^.*_idx$/`).
   */
  outputPatterns?: RegExp[];
  /** Predictors only. */
  featuresCol?: FeaturesColumn;
  /**
   * Predictors only: the other columns they read, which are no features: `labelCol` (by default
   * "label", for classifiers and regressors), `weightCol`, `censorCol` (AFTSurvivalRegression's,
   * "censor" by default), `offsetCol`.
   */
  readsBesideFeatures?: ColumnSet;
}

export interface PipelineStage extends StageDescription {
  /** The element of the stages list (`lr` or `LogisticRegression(...)`). */
  element: Node;
  index: number;
  /** The list or tuple literal that holds the element, for edits. */
  container?: Node;
  /** Written once in a comprehension or a loop body and standing for one stage per pass: not to be edited for one of them. */
  generated?: boolean;
}

export interface SparkPipeline {
  /** The `Pipeline(...)` or `.setStages(...)` call. */
  call: Node;
  stagesArgument: Node;
  stages: PipelineStage[];
  /** False when part of the list is unknown (a comprehension, a call, an unknown splat, a syntax error). */
  complete: boolean;
  /**
   * The pipeline is itself a stage of another pipeline (directly, or as the estimator of a
   * staged CrossValidator / TrainValidationSplit): its input is what the outer stages before
   * it produce, so columns it does not write itself may still be there.
   */
  nested: boolean;
}

const pipelineCache = new FactCache<SemanticModel, SparkPipeline[]>();

/** Every Spark ML pipeline whose stages argument is a list the file shows. Cached per model. */
export function sparkPipelines(model: SemanticModel): SparkPipeline[] {
  return pipelineCache.get(model, () => findPipelines(model));
}

function findPipelines(model: SemanticModel): SparkPipeline[] {
  const result: SparkPipeline[] = [];
  const sites = [...model.callsOfImported(['Pipeline'], isPipelineClass), ...model.callsNamed('setStages')].sort((a, b) => a.node.startIndex - b.node.startIndex);
  for (const site of sites) {
    const qualifiedName = site.qualifiedName;
    let stagesArgument: Node | undefined;
    if (isPipelineClass(qualifiedName)) stagesArgument = argument(site, 'stages', 0);
    else if (qualifiedName?.endsWith('.setStages') && isPipelineClass(qualifiedName.slice(0, -'.setStages'.length))) {
      stagesArgument = argument(site, 'value', 0);
    }
    if (!stagesArgument) continue;
    const list = listItems(model, stagesArgument);
    if (!list) continue;
    const complete =
      list.complete && !hasSplatArguments(site) && !list.literals.some((literal) => literal.hasError) && !changedAfter(model, stagesArgument, site.node.endIndex);
    const stages = list.items.map((item, index): PipelineStage => {
      const element = item.node;
      // One parent read: each is a walk down from the root in web-tree-sitter.
      const parent = element.parent;
      const container = parent && (parent.type === 'list' || parent.type === 'tuple') ? parent : undefined;
      return { element, index, container, ...(item.generated ? { generated: true } : {}), ...describeStage(model, element, item.bound, item.repeated) };
    });
    result.push({ call: site.node, stagesArgument, stages, complete, nested: false });
  }
  markNested(model, result);
  return result;
}

const bareFitCache = new FactCache<SemanticModel, SparkPipeline[]>();

/**
 * Spark ML predictors fitted on their own (`lr = LogisticRegression(...)`, `lr.fit(df)`, no
 * Pipeline), each read as a pipeline of that one stage whose `fit` calls are the predictor's.
 * A predictor that a pipeline of the file holds is that pipeline's.
 */
export function bareEstimatorFits(model: SemanticModel): SparkPipeline[] {
  return bareFitCache.get(model, () => {
    const held = new Set<number>();
    for (const pipeline of sparkPipelines(model)) {
      held.add(pipeline.call.id);
      for (const stage of pipeline.stages) if (stage.constructorCall) held.add(stage.constructorCall.id);
    }
    const result: SparkPipeline[] = [];
    for (const site of model.callsNamed('fit')) {
      if (!site.receiver || site.node.hasError) continue;
      const receiver = model.resolveValue(site.receiver);
      if (receiver.type !== 'call') continue;
      // `LogisticRegression().setFeaturesCol("fv").fit(df)`: setters return the predictor itself.
      const constructor = setterChainRoot(model, receiver);
      if (held.has(constructor.id)) continue;
      held.add(constructor.id);
      const description = describeStage(model, receiver);
      // The predictor's own class, by its qualified name (also imported under another name): not
      // a Pipeline, nor a tuner that describes its estimator.
      if (description.role !== 'predictor' || !description.sparkClass || description.constructorCall?.id !== constructor.id) continue;
      const constructed = model.callSite(constructor).qualifiedName?.split('.').pop();
      if (constructed !== description.sparkClass.name || constructed === 'Pipeline') continue;
      result.push({ call: receiver, stagesArgument: receiver, stages: [{ ...description, element: receiver, index: 0 }], complete: true, nested: false });
    }
    return result;
  });
}

/** The call a chain of setters starts from (`X().setA(1).setB(2)`, `x.setA(1)` with `x = X()`), or the call itself. */
function setterChainRoot(model: SemanticModel, call: Node): Node {
  let current = call;
  for (let depth = 0; depth < 16; depth++) {
    const callee = field(current, 'function');
    const object = callee?.type === 'attribute' && SETTER.test(field(callee, 'attribute')?.text ?? '') ? field(callee, 'object') : undefined;
    const next = object ? model.resolveValue(object) : undefined;
    if (next?.type !== 'call') return current;
    current = next;
  }
  return current;
}

/** The objects a pipeline stands for: its `Pipeline(...)` call and, for `p.setStages(...)`, what `p` is bound to. */
function pipelineObjectIds(model: SemanticModel, pipeline: SparkPipeline): number[] {
  const callee = field(pipeline.call, 'function');
  const receiver = callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'setStages' ? field(callee, 'object') : undefined;
  return receiver ? [pipeline.call.id, model.resolveValue(receiver).id] : [pipeline.call.id];
}

/** Mark the pipelines that are stages of other pipelines, or the estimator of a staged tuner. */
function markNested(model: SemanticModel, pipelines: SparkPipeline[]): void {
  const byObject = new Map<number, SparkPipeline>();
  for (const pipeline of pipelines) for (const id of pipelineObjectIds(model, pipeline)) byObject.set(id, pipeline);
  for (const outer of pipelines) {
    for (const stage of outer.stages) {
      const value = model.resolveValue(stage.element);
      const estimator = value.type === 'call' ? argument(value, 'estimator') : undefined;
      for (const candidate of [value, estimator && model.resolveValue(estimator)]) {
        const inner = candidate && byObject.get(candidate.id);
        if (inner && inner !== outer) inner.nested = true;
      }
    }
  }
}

/** Setters that return the stage itself, so chains keep describing it. */
const SETTER = /^set[A-Z]\w*$/;

/** A parameter value as the stage will see it at fit time. */
export type ParamValue = Node | 'unknown';

/** The parameters of a Spark ML object (a stage, a CrossValidator) as the file sets them. */
export interface StageParams {
  constructorCall: Node;
  values: Map<string, ParamValue>;
  /** Every argument that set a parameter, in the order they apply: an edit that renames a parameter must change them all. */
  sources: Map<string, Node[]>;
  /** Something (`set(param, v)`, `**kwargs`, `copy(extra)`) may have set any parameter. */
  anyUnknown: boolean;
}

const UNKNOWN_STAGE: StageDescription = { role: 'unknown', inputs: UNKNOWN_COLUMNS, outputs: UNKNOWN_COLUMNS };

/**
 * What a stage expression (`lr`, `LogisticRegression(...)`, `X().setOutputCol("y")`) is.
 * `bound` gives the values of comprehension variables it uses; `repeated` says it is built
 * once per value of a list the file does not show.
 */
export function describeStage(model: SemanticModel, expression: Node, bound?: BoundNames, repeated = false): StageDescription {
  const expr = unparenthesize(expression);
  if (expr.type === 'identifier' && !bound?.has(expr.text)) {
    const reaching = model.bindings.reachingBindings(expr.text, expr);
    if (reaching.length > 1) return describeAlternatives(model, expr, reaching);
  }
  const params = stageParams(model, expression, bound);
  if (!params) return UNKNOWN_STAGE;
  const callee = field(params.constructorCall, 'function');
  const sparkClass = sparkMlClass(callee ? model.resolveQualifiedName(callee) : undefined);
  if (!sparkClass) return { ...UNKNOWN_STAGE, constructorCall: params.constructorCall };
  const base = { constructorCall: params.constructorCall, sparkClass, role: sparkClass.role };
  const param = (name: string): ParamValue | undefined => params.values.get(name) ?? (params.anyUnknown ? 'unknown' : undefined);
  const tuned = tunedEstimator(model, sparkClass, param('estimator'), bound);
  if (tuned) return tuned;
  const read = new ColumnReader(model, bound);
  switch (sparkClass.role) {
    case 'predictor': {
      const featuresCol = read.featuresColumn(param('featuresCol'));
      const inputs: ColumnSet =
        featuresCol.name === undefined ? UNKNOWN_COLUMNS : { known: true, columns: [{ name: featuresCol.name, node: featuresCol.node, inline: false }] };
      const supervised = sparkClass.module !== 'pyspark.ml.clustering';
      const readsBesideFeatures = joinColumns([
        read.column(param('labelCol'), supervised ? 'label' : undefined),
        read.column(param('weightCol'), undefined),
        // AFTSurvivalRegression reads a censor column, "censor" unless set; GeneralizedLinearRegression an offset.
        read.column(param('censorCol'), sparkClass.name === 'AFTSurvivalRegression' ? 'censor' : undefined),
        read.column(param('offsetCol'), undefined),
      ]);
      return { ...base, inputs, outputs: predictorOutputs(read, params, param), featuresCol, readsBesideFeatures };
    }
    case 'rFormula': {
      const outputs = [read.column(param('featuresCol'), 'features'), read.column(param('labelCol'), 'label')];
      return { ...base, inputs: UNKNOWN_COLUMNS, outputs: joinColumns(outputs) };
    }
    case 'sizeHint':
      return { ...base, inputs: read.columns(param('inputCol'), param('inputCols')), outputs: { known: true, columns: [] } };
    case 'opaque':
      return { ...base, inputs: UNKNOWN_COLUMNS, outputs: UNKNOWN_COLUMNS };
    default: {
      // A VectorAssembler given no outputCol writes "<uid>__output", e.g. VectorAssembler_3f2a...__output.
      if (sparkClass.role === 'vectorAssembler' && param('outputCol') === undefined && param('outputCols') === undefined) {
        const outputs: ColumnSet = { known: true, columns: [{ name: `${sparkClass.name}_<uid>__output`, inline: false, uidDefault: true }] };
        return { ...base, inputs: read.columns(param('inputCol'), param('inputCols')), outputs };
      }
      const outputs = read.columns(param('outputCol'), param('outputCols'));
      const outputPatterns = repeated && !outputs.known ? read.patterns(param('outputCol'), param('outputCols')) : undefined;
      return { ...base, inputs: read.columns(param('inputCol'), param('inputCols')), outputs, ...(outputPatterns ? { outputPatterns } : {}) };
    }
  }
}

/**
 * A CrossValidator / TrainValidationSplit staged in a pipeline reads and writes what its
 * estimator does: with a classifier, regressor or clusterer inside, it is that estimator as far
 * as columns go (`[indexer, assembler, CrossValidator(estimator=rf, ...)]`).
 */
function tunedEstimator(model: SemanticModel, sparkClass: SparkMlClass, estimator: ParamValue | undefined, bound: BoundNames | undefined): StageDescription | undefined {
  if (!isTuner(sparkClass)) return undefined;
  if (estimator === undefined || estimator === 'unknown') return undefined;
  const inner = describeStage(model, estimator, bound);
  if (inner.role !== 'predictor' || !inner.sparkClass) return undefined;
  return { ...inner, sparkClass: { ...inner.sparkClass, name: `${inner.sparkClass.name} in the ${sparkClass.name}` } };
}

/**
 * A name bound in the arms of an if/else (`model = GBTRegressor(...)` / `model =
 * RandomForestRegressor(...)`): known as far as the arms agree (same role, same columns).
 * Nothing of it can be edited from the pipeline: the column literals are left out.
 */
function describeAlternatives(model: SemanticModel, identifier: Node, reaching: readonly Binding[]): StageDescription {
  // A setter statement on the name after the arms may change any of them.
  if (setterCallsByReceiver(model).has(identifier.text)) return UNKNOWN_STAGE;
  const descriptions = reaching.map((binding) =>
    binding.kind === 'assignment' && binding.value && !model.bindings.isMutatedBefore(binding, identifier) && !ancestorOfType(binding.node, LOOP_TYPES)
      ? describeStage(model, binding.value)
      : UNKNOWN_STAGE,
  );
  const [first] = descriptions;
  if (!first.sparkClass || descriptions.some((description) => description.role !== first.role || !description.sparkClass)) return UNKNOWN_STAGE;
  const agreed = (pick: (description: StageDescription) => ColumnSet): ColumnSet => {
    const names = descriptions.map((description) => columnNames(pick(description))?.join('\u0000'));
    if (names.some((name) => name === undefined || name !== names[0])) return UNKNOWN_COLUMNS;
    return { known: true, columns: (columnNames(pick(first)) ?? []).map((name) => ({ name, inline: false })) };
  };
  const classNames = [...new Set(descriptions.map((description) => description.sparkClass!.name))];
  // IsotonicRegression also reads a plain double column: rules treat it apart, so it must not hide among others.
  if (classNames.length > 1 && classNames.includes('IsotonicRegression')) return UNKNOWN_STAGE;
  const featureNames = new Set(descriptions.map((description) => description.featuresCol?.name));
  const featuresCol: FeaturesColumn | undefined =
    first.role !== 'predictor'
      ? undefined
      : featureNames.size === 1 && first.featuresCol?.name !== undefined
        ? { name: first.featuresCol.name, explicit: descriptions.some((description) => description.featuresCol?.explicit) }
        : { explicit: true };
  return {
    sparkClass: { ...first.sparkClass, name: classNames.join(' or ') },
    role: first.role,
    inputs: agreed((description) => description.inputs),
    outputs: agreed((description) => description.outputs),
    ...(featuresCol ? { featuresCol, readsBesideFeatures: agreed((description) => description.readsBesideFeatures ?? UNKNOWN_COLUMNS) } : {}),
  };
}

const PREDICTOR_DEFAULT_OUTPUTS: Record<string, string> = {
  predictionCol: 'prediction',
  rawPredictionCol: 'rawPrediction',
  probabilityCol: 'probability',
};
const PREDICTOR_INPUT_PARAMS = new Set(['featuresCol', 'labelCol', 'weightCol', 'censorCol']);

function predictorOutputs(read: ColumnReader, params: StageParams, param: (name: string) => ParamValue | undefined): ColumnSet {
  if (params.anyUnknown) return UNKNOWN_COLUMNS;
  const parts: Array<ColumnSet | string> = Object.entries(PREDICTOR_DEFAULT_OUTPUTS).map(([name, fallback]) => read.column(param(name), fallback));
  for (const [name, value] of params.values) {
    if (name.endsWith('Col') && !PREDICTOR_INPUT_PARAMS.has(name) && !(name in PREDICTOR_DEFAULT_OUTPUTS)) parts.push(read.column(value, undefined));
  }
  return joinColumns(parts);
}

function joinColumns(parts: Array<ColumnSet | string>): ColumnSet {
  const columns: ColumnRef[] = [];
  for (const part of parts) {
    if (typeof part === 'string') continue;
    if (!part.known) return UNKNOWN_COLUMNS;
    columns.push(...part.columns);
  }
  // Default names have no literal; they are still produced.
  const defaults = parts.filter((part): part is string => typeof part === 'string');
  return { known: true, columns: [...columns, ...defaults.map((name) => ({ name, inline: false }))] };
}

/** Getter calls being resolved, so that a stage reading its own column does not recurse forever. */
const GETTERS_IN_PROGRESS = new Set<number>();

/** Reads column parameters, with the comprehension variables a stage is built with. */
class ColumnReader {
  constructor(
    private readonly model: SemanticModel,
    private readonly bound?: BoundNames,
  ) {}

  /** The column name a value stands for, with the literal that holds it when there is one. */
  private name(value: Node, bound = this.bound): { name: string; literal?: Node } | undefined {
    const fromStage = this.stageColumn(value, bound);
    if (fromStage) return fromStage;
    if (bound) {
      const text = evaluateString(this.model, value, bound);
      if (!text?.exact) return undefined;
      const literal = this.model.resolveValue(value);
      return { name: text.text, literal: literalString(literal) === text.text ? literal : undefined };
    }
    // One resolution for both the name and the node that holds it (this runs for every stage).
    const literal = this.model.resolveValue(value);
    const name = literalString(literal);
    if (name !== undefined) return { name, literal };
    // `cat + "Idx"`, f"{cat}_vec": names built from strings the file shows.
    const text = literal.type === 'string' || literal.type === 'binary_operator' || literal.type === 'call' ? evaluateString(this.model, literal) : undefined;
    return text?.exact ? { name: text.text } : undefined;
  }

  /** `indexer.getOutputCol()` / `getInputCol()`: the single column another stage is known to write or read. */
  private stageColumn(value: Node, bound: BoundNames | undefined): { name: string } | undefined {
    const expr = unparenthesize(value);
    if (expr.type !== 'call' || allArguments(expr).length > 0 || GETTERS_IN_PROGRESS.has(expr.id)) return undefined;
    const callee = field(expr, 'function');
    const getter = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
    const object = callee?.type === 'attribute' ? field(callee, 'object') : undefined;
    if (!object || (getter !== 'getOutputCol' && getter !== 'getInputCol')) return undefined;
    // `a = X(inputCol=a.getOutputCol())` would describe itself forever.
    GETTERS_IN_PROGRESS.add(expr.id);
    let stage: StageDescription;
    try {
      stage = describeStage(this.model, object, bound);
    } finally {
      GETTERS_IN_PROGRESS.delete(expr.id);
    }
    const columns = getter === 'getOutputCol' ? stage.outputs : stage.inputs;
    if (!stage.sparkClass || stage.role === 'predictor' || !columns.known || columns.columns.length !== 1) return undefined;
    return { name: columns.columns[0].name };
  }

  featuresColumn(value: ParamValue | undefined): FeaturesColumn {
    if (value === undefined) return { name: 'features', explicit: false };
    if (value === 'unknown') return { explicit: true };
    const found = this.name(value);
    if (!found) return { name: undefined, node: undefined, explicit: true };
    const node = found.literal;
    return { name: found.name, node, explicit: true, inline: !!node && node.id === unparenthesize(value).id };
  }

  /** One column parameter: a known column, a default name (string), or unknown. */
  column(value: ParamValue | undefined, fallback: string | undefined): ColumnSet | string {
    if (value === undefined) return fallback ?? { known: true, columns: [] };
    return this.single(value);
  }

  /** `inputCol` / `inputCols` (or the output pair): the list wins when set; neither set is unknown (Spark generates a name). */
  columns(single: ParamValue | undefined, multiple: ParamValue | undefined): ColumnSet {
    if (multiple !== undefined) return this.list(multiple);
    if (single !== undefined) return this.single(single);
    return UNKNOWN_COLUMNS;
  }

  /** The names a column parameter built from a comprehension variable of unknown value can take. */
  patterns(single: ParamValue | undefined, multiple: ParamValue | undefined): RegExp[] | undefined {
    const value = multiple ?? single;
    if (value === undefined || value === 'unknown') return undefined;
    const elements = multiple !== undefined ? listItems(this.model, value, this.bound) : { items: [{ node: value, bound: this.bound }], complete: true };
    if (!elements?.complete) return undefined;
    const patterns: RegExp[] = [];
    for (const item of elements.items) {
      const text = evaluateString(this.model, item.node, item.bound);
      if (!text) return undefined;
      patterns.push(templatePattern(text.text));
    }
    return patterns;
  }

  private single(value: ParamValue): ColumnSet {
    if (value === 'unknown') return UNKNOWN_COLUMNS;
    const found = this.name(value);
    if (!found) return UNKNOWN_COLUMNS;
    const inline = !!found.literal && found.literal.id === unparenthesize(value).id;
    return { known: true, columns: [{ name: found.name, node: found.literal, inline, via: inline ? found.literal : unparenthesize(value) }] };
  }

  private list(value: ParamValue): ColumnSet {
    if (value === 'unknown') return UNKNOWN_COLUMNS;
    const list = listItems(this.model, value, this.bound);
    if (!list || !list.complete) return UNKNOWN_COLUMNS;
    // A literal written inside this argument (`numeric_cols + ["plan"]`) belongs to this stage alone.
    const argument = unparenthesize(value);
    const columns: ColumnRef[] = [];
    for (const item of list.items) {
      if (item.repeated) return UNKNOWN_COLUMNS;
      const found = this.name(item.node, item.bound);
      if (!found) return UNKNOWN_COLUMNS;
      // A literal in a comprehension's element stands for every pass: not this column's own.
      const literal = item.generated ? undefined : found.literal;
      const inline = !!literal && literal.id === unparenthesize(item.node).id && contains(argument, literal);
      columns.push({ name: found.name, node: literal, inline, via: item.via });
    }
    return { known: true, columns };
  }
}

/**
 * The constructor call behind a stage expression and the parameters set on it: constructor
 * keywords, chained setters (`X().setOutputCol("y")`) and setter statements on the name it
 * is bound to (`lr.setFeaturesCol("f")`).
 */
function stageParams(model: SemanticModel, expression: Node, bound?: BoundNames): StageParams | undefined {
  const bindings: Binding[] = [];
  const setters: Node[] = [];
  let current = unparenthesize(expression);
  for (let depth = 0; depth < 24; depth++) {
    if (current.type === 'identifier') {
      // A comprehension variable (`[s for s in stages]`) is not followed.
      if (bound?.has(current.text)) return undefined;
      const binding = model.lookup(current);
      if (!binding || binding.kind !== 'assignment' || !binding.value || model.bindings.isMutatedBefore(binding, current)) return undefined;
      // A stage built in a loop is a different stage on each pass, unless this is one pass (its variable bound).
      const loop = ancestorOfType(binding.node, LOOP_TYPES);
      if (loop && !(loop.type === 'for_statement' && bound?.has(field(loop, 'left')?.text ?? '') && contains(loop, current))) return undefined;
      bindings.push(binding);
      current = unparenthesize(binding.value);
      continue;
    }
    if (current.type !== 'call' || current.hasError) return undefined;
    const callee = unparenthesize(field(current, 'function') ?? current);
    const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
    const object = callee.type === 'attribute' ? field(callee, 'object') : undefined;
    // A method that returns the stage itself; anything else (`F.StringIndexer`) is the constructor.
    if (method && object && isStageMethod(method)) {
      setters.push(current);
      current = unparenthesize(object);
      continue;
    }
    return collectParams(model, current, setters.reverse(), bindings);
  }
  return undefined;
}

function collectParams(model: SemanticModel, constructorCall: Node, chainSetters: readonly Node[], bindings: readonly Binding[]): StageParams {
  const params: StageParams = { constructorCall, values: new Map(), sources: new Map(), anyUnknown: false };
  applyConstructorArguments(params, constructorCall);
  for (const setter of chainSetters) applySetter(params, setter);
  for (const setter of setterStatements(model, bindings)) applySetter(params, setter);
  return params;
}

/** The parameters of the object a constructor call builds, and the expression that stands for it. */
export interface ConstructedParams extends StageParams {
  /** The constructor call with its chained setters (`CrossValidator(...).setNumFolds(5)`). */
  expression: Node;
  /** The name the object is bound to (`cv = CrossValidator(...)`), whose setter statements count too. */
  binding?: Binding;
}

/**
 * The parameters of the object built by `constructorCall`, read outwards: chained setters
 * around it and setter statements on the name it is assigned to. Undefined when it is
 * built in a loop (a different object on each pass), unless the caller only reads the params
 * `readOnEachPass` and no argument for them reads a name the loop binds: then those are the same
 * on every pass (`for est in models: CrossValidator(estimator=est, estimatorParamMaps=grid)` has
 * the same grid each time), and the others are unknown.
 */
export function constructedParams(model: SemanticModel, constructorCall: Node, readOnEachPass?: readonly string[]): ConstructedParams | undefined {
  if (constructorCall.hasError) return undefined;
  const loops = enclosingLoops(constructorCall);
  if (loops.length === 0) return constructedParamsOf(model, constructorCall);
  // Every loop around it: an outer loop may change what an inner one reads between its passes.
  if (!readOnEachPass || !loops.every((loop) => argumentsOutlive(model, constructorCall, loop, readOnEachPass))) return undefined;
  const params = constructedParamsOf(model, constructorCall);
  if (!params) return undefined;
  const values = new Map([...params.values].map(([name, value]) => [name, readOnEachPass.includes(name) ? value : ('unknown' as const)]));
  return { ...params, values };
}

function constructedParamsOf(model: SemanticModel, constructorCall: Node): ConstructedParams | undefined {
  const setters: Node[] = [];
  let expression = constructorCall;
  for (let holder = outerExpression(expression); ; holder = outerExpression(expression)) {
    const outer = holder?.parent;
    if (holder?.type !== 'attribute' || outer?.type !== 'call' || field(outer, 'function')?.id !== holder.id) break;
    if (!isStageMethod(field(holder, 'attribute')?.text ?? '')) break;
    setters.push(outer);
    expression = outer;
  }
  const statement = outerExpression(expression);
  let binding: Binding | undefined;
  const target = statement?.type === 'assignment' ? field(statement, 'left') : undefined;
  if (statement && target?.type === 'identifier') {
    binding = model.bindings.all(target.text).find((candidate) => candidate.node.id === statement.id);
    if (binding && model.bindings.isMutatedAfter(binding)) return undefined;
  }
  return { ...collectParams(model, constructorCall, setters, binding ? [binding] : []), expression, binding };
}

/**
 * Whether the arguments a call's counted params read have the same values on every pass of
 * `loop` (valueOutlives).
 */
function argumentsOutlive(model: SemanticModel, call: Node, loop: Node, keywords: readonly string[]): boolean {
  const args = field(call, 'arguments');
  if (!args) return true;
  // Positional arguments always; keyword arguments only for the params read.
  const read = namedChildren(args).filter((arg) => arg.type !== 'keyword_argument' || keywords.includes(field(arg, 'name')?.text ?? ''));
  return read.every((arg) => valueOutlives(model, arg, loop, 0));
}

/**
 * Whether an expression inside `loop` has the same value on every pass: each name it reads is
 * bound and changed outside the loop only, or bound inside it once, by an assignment that runs
 * before the read on every pass, of a value that outlives the loop in turn (`grid =
 * ParamGridBuilder().addGrid(als.rank, [5, 10]).build()` at the top of the loop body, with `als =
 * ALS(...)` above it). The bindings a name may carry from one pass into the next (assigned
 * again after the read, a list appended to) are not in reachingBindings, which reads in text
 * order: any such binding or change inside the loop makes the value unknown.
 */
function valueOutlives(model: SemanticModel, expression: Node, loop: Node, depth: number): boolean {
  const names = expression.type === 'identifier' ? [expression] : expression.descendantsOfType('identifier');
  return names.every((name) => {
    if (!name || !readsVariable(name) || isGridParamOwner(name)) return true;
    const all = model.bindings.all(name.text);
    const inLoop = all.filter((binding) => contains(loop, binding.node));
    const reaching = model.bindings.reachingBindings(name.text, name);
    // A function of the file that declares it `global` and assigns it may run between passes.
    if (isReboundGlobal(model, name.text)) return false;
    if (reaching.some((binding) => model.bindings.isMutatedWithin(binding, loop) || handedToProjectCode(model, binding, loop))) return false;
    if (inLoop.length === 0) return true;
    const [binding] = inLoop;
    return (
      depth < MAX_OUTLIVE_DEPTH &&
      inLoop.length === 1 &&
      reaching.length === 1 &&
      reaching[0] === binding &&
      binding.kind === 'assignment' &&
      !!binding.value &&
      runsBeforeOnEachPass(binding, name, loop) &&
      valueOutlives(model, binding.value, loop, depth + 1)
    );
  });
}

const MAX_OUTLIVE_DEPTH = 3;

/**
 * `lr` in `addGrid(lr.regParam, [...])`: which estimator owns the param does not change how many
 * maps the grid holds, so an estimator built anew on each pass (`LogisticRegression(maxIter=n)`
 * in `for n in ...`) leaves the count the same on every pass.
 */
function isGridParamOwner(name: Node): boolean {
  const attribute = name.parent;
  if (attribute?.type !== 'attribute' || field(attribute, 'object')?.id !== name.id) return false;
  const args = attribute.parent;
  const call = args?.type === 'argument_list' ? args.parent : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : undefined;
  return callee?.type === 'attribute' && ['addGrid', 'addRandom', 'addLog10Random'].includes(field(callee, 'attribute')?.text ?? '') && namedChildren(args!)[0]?.id === attribute.id;
}

/** The loops around `node`, innermost first. */
function enclosingLoops(node: Node): Node[] {
  const loops: Node[] = [];
  for (let loop = ancestorOfType(node, LOOP_TYPES); loop; loop = ancestorOfType(loop, LOOP_TYPES)) loops.push(loop);
  return loops;
}

/**
 * Whether a use of `binding` inside `loop` hands its value to code that may change it in place
 * (`grow(regs)` appending to the list a grid is built from): anything but a builtin that reads
 * it or a function of a known library (the standard library, MLflow, a well-known PyPI
 * package: `CrossValidator(estimator=als)`, `np.array(values)`). A function or class of the
 * file, a method of an object the file does not resolve, and a module of the project may.
 */
function handedToProjectCode(model: SemanticModel, binding: Binding, loop: Node): boolean {
  return model.usesOf(binding).some((use) => {
    if (!contains(loop, use)) return false;
    const holder = use.parent?.type === 'keyword_argument' ? use.parent : use;
    const list = holder.parent;
    if (list?.type !== 'argument_list' || list.parent?.type !== 'call') return false;
    const site = model.callSite(list.parent);
    if (model.resolveFunction(site.callee)) return true;
    const qualified = site.qualifiedName;
    if (!qualified) return !!site.receiver || !READING_BUILTINS.has(site.name ?? '');
    return !isAlwaysInstalled(qualified) && !importedPackage(qualified)?.wellKnown;
  });
}

/** Builtins that read the values handed to them. */
const READING_BUILTINS = new Set(['print', 'len', 'str', 'repr', 'list', 'tuple', 'set', 'dict', 'sorted', 'reversed', 'enumerate', 'zip', 'range', 'min', 'max', 'sum', 'any', 'all', 'isinstance', 'type', 'iter', 'format', 'display']);

/** Whether `binding`'s statement sits in a block of `loop` that holds `use`, before it: every pass that reaches the use ran it. */
function runsBeforeOnEachPass(binding: Binding, use: Node, loop: Node): boolean {
  let statement = binding.node;
  while (statement.parent && statement.parent.type !== 'block') statement = statement.parent;
  const block = statement.parent;
  return !!block && contains(loop, block) && contains(block, use) && statement.endIndex <= use.startIndex;
}

/** The node around `node` once parentheses are skipped. */
function outerExpression(node: Node): Node | undefined {
  let parent = node.parent ?? undefined;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent ?? undefined;
  return parent;
}

const LOOP_TYPES = ['for_statement', 'while_statement'];

function isStageMethod(method: string): boolean {
  return SETTER.test(method) || method === 'clear' || method === 'copy';
}

const setterCallCache = new FactCache<SemanticModel, Map<string, CallSite[]>>();
/** Setters change the stage in place; `copy` makes a new one. */
const IN_PLACE_SETTER = /^(?:set[A-Z]\w*|clear)$/;

/** `name.setX(...)` / `name.clear(...)` calls in the file, by the receiver's name. */
function setterCallsByReceiver(model: SemanticModel): Map<string, CallSite[]> {
  return setterCallCache.get(model, () => {
    const byName = new Map<string, CallSite[]>();
    for (const site of model.callsNamed(...model.callNamesMatching(IN_PLACE_SETTER))) {
      const receiver = site.receiver && unparenthesize(site.receiver);
      if (receiver?.type !== 'identifier') continue;
      const list = byName.get(receiver.text);
      if (list) list.push(site);
      else byName.set(receiver.text, [site]);
    }
    return byName;
  });
}

/** `name.setX(...)` statements (and their chains) on any of the names a stage was reached through. */
function setterStatements(model: SemanticModel, bindings: readonly Binding[]): Node[] {
  const result: Node[] = [];
  const byName = setterCallsByReceiver(model);
  for (const name of new Set(bindings.map((binding) => binding.name))) {
    for (const site of byName.get(name) ?? []) {
      const binding = model.lookup(unparenthesize(site.receiver!));
      if (!binding || !bindings.includes(binding)) continue;
      let call = site.node;
      result.push(call);
      for (;;) {
        const attribute = call.parent;
        const outer = attribute?.parent;
        if (attribute?.type !== 'attribute' || outer?.type !== 'call' || field(outer, 'function')?.id !== attribute.id) break;
        if (!SETTER.test(field(attribute, 'attribute')?.text ?? '')) break;
        result.push(outer);
        call = outer;
      }
    }
  }
  return result.sort((a, b) => a.startIndex - b.startIndex);
}

function setParam(params: StageParams, name: string, value: Node): void {
  params.values.set(name, value);
  const sources = params.sources.get(name);
  if (sources) sources.push(value);
  else params.sources.set(name, [value]);
}

function applyConstructorArguments(params: StageParams, call: Node): void {
  for (const { type, keyword, value } of argumentEntries(call)) {
    if (type === 'keyword_argument') {
      if (keyword && value) setParam(params, keyword, value);
    } else {
      // Spark ML constructors take keywords only; anything else may set any parameter.
      params.anyUnknown = true;
    }
  }
}

function applySetter(params: StageParams, call: Node): void {
  const callee = unparenthesize(field(call, 'function') ?? call);
  const method = callee.type === 'attribute' ? (field(callee, 'attribute')?.text ?? '') : '';
  if (method === 'setParams') {
    applyConstructorArguments(params, call);
    return;
  }
  const match = /^set([A-Z]\w*)$/.exec(method);
  const args = argumentEntries(call);
  if (match && method !== 'set' && args.length === 1 && args[0].type !== 'list_splat' && args[0].type !== 'dictionary_splat' && args[0].type !== 'keyword_argument') {
    setParam(params, match[1][0].toLowerCase() + match[1].slice(1), args[0].node);
    return;
  }
  if (match && args.length === 1 && args[0].type === 'keyword_argument' && args[0].keyword === 'value') {
    const value = args[0].value;
    if (value) setParam(params, match[1][0].toLowerCase() + match[1].slice(1), value);
    return;
  }
  if (method === 'copy' && args.length === 0) return;
  // `set(param, value)`, `clear(param)`, `copy(extra)`: any parameter may change.
  params.values.clear();
  params.anyUnknown = true;
}

/** Column names of a set, for messages and comparisons. */
export function columnNames(columns: ColumnSet): string[] | undefined {
  return columns.known ? columns.columns.map((column) => column.name) : undefined;
}

/** true / false when known; undefined when the stage might write the column. */
export function writesColumn(stage: StageDescription, column: string): boolean | undefined {
  if (!stage.outputs.known) return stage.outputPatterns && !stage.outputPatterns.some((pattern) => pattern.test(column)) ? false : undefined;
  return stage.outputs.columns.some((candidate) => candidate.name === column);
}

/**
 * Whether the predictor's featuresCol must be a Vector column. IsotonicRegression also takes a
 * plain double column, so only its default name ("features") is sure to mean the vector.
 */
export function readsVectorFeatures(stage: StageDescription): boolean {
  return !(stage.sparkClass?.qualifiedName.endsWith('.IsotonicRegression') && stage.featuresCol?.explicit);
}

/** The stage's short class name for messages (`LogisticRegression`). */
export function stageName(stage: StageDescription): string {
  return stage.sparkClass?.name ?? 'stage';
}

/**
 * The datasets this pipeline is fit on in the file: `pipeline.fit(df)`, `Pipeline(...).fit(df)`,
 * and `CrossValidator(estimator=pipeline, ...).fit(df)` (or TrainValidationSplit). Empty when
 * the file shows no such fit (the pipeline may be fit elsewhere).
 */
export function pipelineFitDatasets(model: SemanticModel, pipeline: SparkPipeline): Node[] {
  const objects = new Set<number>(pipelineObjectIds(model, pipeline));
  const isPipelineObject = (node: Node | undefined) => !!node && objects.has(model.resolveValue(node).id);
  const datasets: Node[] = [];
  for (const site of model.callsNamed('fit', 'fitMultiple')) {
    if (!site.receiver) continue;
    const receiver = model.resolveValue(site.receiver);
    let fitsPipeline = objects.has(receiver.id);
    if (!fitsPipeline && receiver.type === 'call') {
      const callee = field(receiver, 'function');
      const qualifiedName = callee ? model.resolveQualifiedName(callee) : undefined;
      const tuner = sparkMlClass(qualifiedName);
      fitsPipeline = !!tuner && isTuner(tuner) && isPipelineObject(argument(receiver, 'estimator'));
    }
    const dataset = fitsPipeline ? argument(site, 'dataset', 0) : undefined;
    if (dataset) datasets.push(dataset);
  }
  return datasets;
}

/** DataFrame methods that name a column they add: the argument positions holding the new name. */
const COLUMN_CREATORS: Record<string, number[]> = { withColumn: [0], withColumnRenamed: [1], alias: [0], name: [0] };

/**
 * Calls that make a DataFrame with `column` outside Spark ML stages: `withColumn("features", ...)`,
 * `withColumnRenamed(..., "features")`, `expr.alias("features")`, `toDF(..., "features")`,
 * `withColumns({"features": ...})`, `selectExpr("... AS features")`, and
 * `createDataFrame(rows, schema)` whose schema or rows name it (a column list, a DDL string, a
 * StructType, `Row(features=...)`).
 */
function columnCreatingCalls(model: SemanticModel, column: string): Node[] {
  if (!model.document.textIncludes(column)) return [];
  const result: Node[] = [];
  const word = new RegExp(`\\b${column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  for (const site of model.callsNamed(...Object.keys(COLUMN_CREATORS), 'toDF', 'withColumns', 'selectExpr', 'createDataFrame')) {
    const args = argumentEntries(site).filter(({ type }) => type !== 'keyword_argument').map(({ node }) => node);
    const named = (node: Node | undefined) => !!node && stringValueOf(model, node) === column;
    let creates = false;
    // DataFrame.toDF("label", "features"); RDD.toDF(["label", "features"]) takes a schema: a
    // list of names, a DDL string or a StructType (a Row RDD built with Vectors.dense by hand).
    if (site.name === 'toDF') creates = args.some(named) || (!!args[0] && (stringList(model, args[0])?.includes(column) || word.test(model.resolveValue(args[0]).text)));
    else if (site.name === 'createDataFrame') {
      const parts = [argument(site, 'data', 0), argument(site, 'schema', 1)];
      creates = parts.some((part) => !!part && word.test(model.resolveValue(part).text));
    }
    else if (site.name === 'withColumns') creates = !!args[0] && model.resolveValue(args[0]).type === 'dictionary' && model.resolveValue(args[0]).text.includes(column);
    else if (site.name === 'selectExpr') creates = args.some((node) => new RegExp(`\\bas\\s+\`?${column}\`?\\s*$`, 'i').test(stringValueOf(model, node) ?? ''));
    else creates = COLUMN_CREATORS[site.name!].some((position) => named(args[position]));
    if (creates) result.push(site.node);
  }
  return result;
}

function stringValueOf(model: SemanticModel, node: Node): string | undefined {
  return literalString(model.resolveValue(node));
}

const featureStagesByModel = new FactCache<SemanticModel, Array<{ site: CallSite; stage: StageDescription }>>();
const CLASS_NAME = /^[A-Z]/;

/** Every constructor call of a `pyspark.ml.feature` stage in the file, described once (asked per pipeline and column). */
function featureStageCalls(model: SemanticModel): Array<{ site: CallSite; stage: StageDescription }> {
  return featureStagesByModel.get(model, () => {
    const calls: Array<{ site: CallSite; stage: StageDescription }> = [];
    for (const site of model.callsNamed(...model.callNamesMatching(CLASS_NAME))) {
      if (sparkMlClass(site.qualifiedName)?.module !== 'pyspark.ml.feature') continue;
      calls.push({ site, stage: describeStage(model, site.node) });
    }
    return calls;
  });
}

/**
 * Whether a feature stage of the file writes `column` in another letter case (`outputCol="Features"`
 * for "features"): Spark ML looks columns up by exact name, but whether the code meant that
 * column is the user's to say (MLT104's mismatch, in a pipeline).
 */
export function stageWritesColumnInOtherCase(model: SemanticModel, column: string): boolean {
  const wanted = column.toLowerCase();
  return featureStageCalls(model).some(({ stage }) => stage.outputs.known && stage.outputs.columns.some((written) => written.name !== column && written.name.toLowerCase() === wanted));
}

const derivedByModel = new KeyedFactCache<SemanticModel, string, DerivedValues>();

/** What derives from the places that may create `column`: the same for every pipeline of the file (MLT101 and MLT104 ask per pipeline). */
function derivedValuesFor(model: SemanticModel, column: string, build: () => DerivedValues): DerivedValues {
  return derivedByModel.get(model, column, build);
}

/** `.transform(df)` calls whose result may carry new columns: Spark ML stages and models, MLflow-loaded Spark models, receivers of unknown origin. */
function modelTransforms(model: SemanticModel): CallSite[] {
  return model.callsNamed('transform').filter((site) => {
    if (!site.receiver || argumentEntries(site).length !== 1) return false;
    const qualifiedName = site.qualifiedName;
    return qualifiedName === undefined || /^(?:pyspark\.ml|mlflow\.spark)\./.test(qualifiedName);
  });
}

/**
 * Whether the DataFrame a pipeline is fit on may already hold `column` when it reaches the
 * pipeline: something outside the pipeline may produce it (a Spark ML stage that may write
 * it, a `withColumn("features", ...)`, a model of unknown origin applied with `.transform`),
 * and the pipeline is fit on a DataFrame derived from such a result, of unknown origin, or
 * not fit in this file at all. A pipeline fit on a DataFrame read straight from a table, while
 * another DataFrame gets assembled elsewhere in the file, does not count.
 */
export function fitDataMayHaveColumn(model: SemanticModel, pipeline: SparkPipeline, column: string): boolean {
  const ownStages = new Set(pipeline.stages.map((stage) => stage.constructorCall?.id));
  const creators = columnCreatingCalls(model, column);
  const transforms = modelTransforms(model);
  const outsideStage = featureStageCalls(model).some(({ site, stage }) => !ownStages.has(site.node.id) && writesColumn(stage, column) !== false);
  const unknownModel = transforms.some((site) => site.qualifiedName === undefined || site.qualifiedName.startsWith('mlflow.spark.'));
  // A stage outside the pipeline adds its column only to what it (or a pipeline holding it) transforms.
  if (creators.length === 0 && (transforms.length === 0 || (!outsideStage && !unknownModel))) return false;
  const derived = derivedValuesFor(model, column, () => new DerivedValues(model, [...transforms.map((site) => site.node), ...creators]));
  const datasets = pipelineFitDatasets(model, pipeline);
  if (datasets.length === 0) return true;
  return datasets.some((dataset) => derived.classify(dataset) !== 'not derived');
}
