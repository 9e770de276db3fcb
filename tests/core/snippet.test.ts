import { describe, expect, test } from 'vitest';
import { clipText, MAX_SNIPPET_CHARS } from '../../src/core/answering/snippet.js';

const filler = (count: number, word: string) => Array.from({ length: count }, (_, i) => `${word}${i}`).join(' ');

describe('clipText', () => {
  test('returns a text that fits as it is', () => {
    expect(clipText('A short sentence.', [[2, 7]])).toBe('A short sentence.');
  });

  test('never cuts inside a word and stays within the limit', () => {
    const text = `${filler(60, 'alpha')} target ${filler(60, 'omega')}.`;
    const at = text.indexOf('target');
    const clipped = clipText(text, [[at, at + 'target'.length]]);
    expect(clipped.length).toBeLessThanOrEqual(MAX_SNIPPET_CHARS);
    const inner = clipped.replace(/^…|…$/g, '');
    expect(text.includes(inner)).toBe(true);
    for (const word of inner.split(' ')) expect(text.split(/[ .]/)).toContain(word.replace(/\.$/, ''));
  });

  test('keeps the words around what matched on both sides, not just before it', () => {
    // The answer often follows the matched words ("… was formed in 1966 as a means to help …").
    const text = `${filler(60, 'before')} matched words then the answer ${filler(60, 'after')}.`;
    const at = text.indexOf('matched words');
    const clipped = clipText(text, [[at, at + 'matched words'.length]]);
    expect(clipped).toContain('matched words then the answer');
    const [head, tail] = clipped.split('matched words') as [string, string];
    expect(Math.abs(head.length - tail.length)).toBeLessThan(20);
  });

  test('starts at the beginning when nothing matched', () => {
    const text = `${filler(60, 'start')} ${filler(60, 'end')}.`;
    const clipped = clipText(text, []);
    expect(clipped.startsWith('start0 start1')).toBe(true);
    expect(clipped.endsWith('…')).toBe(true);
  });

  test('prefers the window that holds the most of what matched', () => {
    const text = `one ${filler(40, 'x')} two three ${filler(80, 'y')}.`;
    const focus = ['one', 'two', 'three'].map((word) => {
      const at = text.indexOf(`${word} `);
      return [at, at + word.length] as const;
    });
    const clipped = clipText(text, focus);
    expect(clipped).toContain('two three');
    expect(clipped.startsWith('one ')).toBe(true);
  });
});
