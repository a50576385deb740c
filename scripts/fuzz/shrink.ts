import { performance } from 'node:perf_hooks';

/**
 * A smaller text that still fails the same way: chunks of lines, then of characters, removed
 * while `stillFails` holds (delta debugging), within a time budget (a slow input costs its
 * slowness per try).
 */
export async function shrinkText(text: string, stillFails: (candidate: string) => Promise<boolean>, budgetMs: number): Promise<string> {
  const deadline = performance.now() + budgetMs;
  let current = text;
  for (const unit of ['line', 'char'] as const) {
    if (unit === 'char' && current.length > 4000) break;
    let parts = unit === 'line' ? current.split(/(?<=\n)/) : [...current];
    let chunks = 2;
    while (parts.length > 1 && chunks <= parts.length && performance.now() < deadline) {
      const size = Math.ceil(parts.length / chunks);
      let removed = false;
      for (let start = 0; start < parts.length && performance.now() < deadline; start += size) {
        const candidate = [...parts.slice(0, start), ...parts.slice(start + size)];
        if (await stillFails(candidate.join(''))) {
          parts = candidate;
          removed = true;
          chunks = Math.max(2, chunks - 1);
          break;
        }
      }
      if (!removed) {
        if (size === 1) break;
        chunks = Math.min(parts.length, chunks * 2);
      }
    }
    current = parts.join('');
  }
  return current;
}
