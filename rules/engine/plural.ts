/** "1 fold", "3 folds": counts in messages, hints and summaries. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
