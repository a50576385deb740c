import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../engine/sourceDocument';
import { field } from '../engine/syntax';
import { mlt105CrossvalidatorModelCount } from '../mlt105-crossvalidator-model-count';
import { crossValidatorCalls, crossValidatorModelCount } from '../semantic/paramGrids';
import type { SemanticModel } from '../semantic/semanticModel';
import { plural } from '../engine/plural';

/** A short text the editor shows inside the code, at `offset`, without changing it. */
export interface InlayHint {
  offset: number;
  label: string;
  tooltip?: string;
}

/**
 * The cost of each `CrossValidator(...)` whose numFolds and grid are known, written where the
 * call ends: "3 folds x 12 = 36 models". The count is MLT105's; the tooltip is its exam fact.
 * With `range`, only the hints placed inside it, its end included (the editor asks for the
 * visible lines, and a hint at the end of the last one shows), and only those calls are counted.
 */
export function crossValidatorHints(model: SemanticModel, range?: OffsetRange): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const site of crossValidatorCalls(model)) {
    const offset = chainEnd(site.node).endIndex;
    if (range && (offset < range.start || offset > range.end)) continue;
    const count = crossValidatorModelCount(model, site.node);
    // An empty grid trains nothing: MLT105 stays silent there, and so does the hint.
    if (!count || count.combinations === 0) continue;
    hints.push({
      offset,
      label: `${plural(count.folds, 'fold')} x ${count.combinations} = ${plural(count.models, 'model')}`,
      tooltip: mlt105CrossvalidatorModelCount.docs.examFact,
    });
  }
  return hints.sort((a, b) => a.offset - b.offset);
}

/**
 * The call with the method calls chained on it (`CrossValidator(...).setNumFolds(5).fit(df)`):
 * a hint at the end of the chain reads after the whole expression instead of cutting it in two.
 */
function chainEnd(call: Node): Node {
  let current = call;
  for (;;) {
    const attribute = current.parent;
    const outer = attribute?.parent;
    if (attribute?.type !== 'attribute' || field(attribute, 'object')?.id !== current.id) return current;
    if (outer?.type !== 'call' || field(outer, 'function')?.id !== attribute.id) return current;
    current = outer;
  }
}

