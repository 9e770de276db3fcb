/** Clipping long sentences for display without cutting words or losing what matched. */

/** Longest snippet shown, in characters, "…" included. */
export const MAX_SNIPPET_CHARS = 300;

const ELLIPSIS = '…';

/**
 * Returns `text` when it fits in `max` characters; otherwise the window of whole words that
 * holds the most `focus` ranges (offsets into `text`: what matched the question), with them as
 * near its middle as can be, so the words after them (often the answer) show too, and "…"
 * where text was cut. Never cuts inside a word; a single word longer than `max` is cut hard.
 */
export function clipText(text: string, focus: ReadonlyArray<readonly [number, number]>, max = MAX_SNIPPET_CHARS): string {
  if (text.length <= max) return text;
  const words = [...text.matchAll(/\S+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  let best: { start: number; end: number; hits: number; margin: number } | undefined;
  for (let i = 0; i < words.length; i++) {
    const start = words[i]![0];
    const room = max - (start > 0 ? 1 : 0) - 1;
    let j = i;
    while (j + 1 < words.length && words[j + 1]![1] - start <= room) j++;
    const end = words[j]![1];
    if (end - start > room) continue;
    let hits = 0;
    let first = end;
    let last = start;
    for (const [a, b] of focus) {
      if (a < start || b > end) continue;
      hits++;
      first = Math.min(first, a);
      last = Math.max(last, b);
    }
    const margin = Math.min(first - start, end - last);
    // Of the windows holding as much, the one with the most room on both sides of it (none
    // matched: the first, the text's opening).
    if (!best || hits > best.hits || (hits > 0 && hits === best.hits && margin > best.margin)) best = { start, end, hits, margin };
    if (end === text.length) break;
  }
  if (!best) return text.slice(0, max - 1) + ELLIPSIS;
  return `${best.start > 0 ? ELLIPSIS : ''}${text.slice(best.start, best.end)}${best.end < text.length ? ELLIPSIS : ''}`;
}
