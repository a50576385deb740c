/**
 * "Did you mean" for a value that must be one of a fixed set of names (model stages, webhook
 * events). A suggestion is made only when exactly one name is close, so that a fix never
 * guesses between two.
 */

function normalized(text: string): string {
  return text.trim().toLowerCase();
}

/** Edit distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_unused, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

/** The single candidate that satisfies `close`, or undefined when none or several do. */
function onlyOne(candidates: readonly string[], close: (candidate: string) => boolean): string | undefined {
  const matches = candidates.filter(close);
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * The candidate `written` most likely stands for: the same name in another letter case or
 * with stray spaces; an abbreviation (`Prod` for `Production`, `Stage` for `Staging`, a word of
 * a name: `TRANSITION_REQUEST_TO_PROD_CREATED`); a
 * typo of at most one edit per five letters (`Stagging`). Undefined when no single candidate
 * is that close (`Development`, `QA`, `MODEL_VERSION_DEPLOYED`).
 */
export function closestSpelling(written: string, candidates: readonly string[]): string | undefined {
  const input = normalized(written);
  if (input === '') return undefined;
  const lower = (candidate: string) => candidate.toLowerCase();
  const exact = onlyOne(candidates, (candidate) => lower(candidate) === input);
  if (exact) return exact;
  if (input.length >= 3) {
    const abbreviation = onlyOne(candidates, (candidate) => lower(candidate).startsWith(input));
    if (abbreviation) return abbreviation;
    // `Stage`: all but the last letter start the candidate; unless another candidate is as few
    // edits away (`..._TRANSITIONED_TO_STAGE` is `..._TO_STAGING` with its end changed, and
    // `..._TRANSITIONED_STAGE` without `TO_`).
    const stem = onlyOne(candidates, (candidate) => commonPrefixLength(lower(candidate), input) >= Math.max(4, input.length - 1));
    if (stem) {
      const distance = editDistance(input, lower(stem));
      return candidates.some((candidate) => candidate !== stem && editDistance(input, lower(candidate)) <= distance) ? undefined : stem;
    }
    // `TRANSITION_REQUEST_TO_PROD_CREATED`: each word the candidate's, or the start of it.
    const words = input.split('_');
    if (words.length > 1) {
      const abbreviated = onlyOne(candidates, (candidate) => {
        const own = lower(candidate).split('_');
        return own.length === words.length && words.every((word, index) => word === own[index] || (word.length >= 3 && own[index].startsWith(word)));
      });
      if (abbreviated) return abbreviated;
    }
  }
  const distances = candidates.map((candidate) => ({ candidate, distance: editDistance(input, lower(candidate)) }));
  const best = Math.min(...distances.map((entry) => entry.distance));
  const nearest = distances.filter((entry) => entry.distance === best);
  if (nearest.length !== 1) return undefined;
  const allowed = Math.max(1, Math.floor(nearest[0].candidate.length / 5));
  return best <= allowed ? nearest[0].candidate : undefined;
}
