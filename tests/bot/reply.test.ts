import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fitMessage, MAX_MESSAGE_CHARS } from '../../src/bot/reply.js';

describe('fitMessage', () => {
  test('returns text that fits unchanged', () => {
    expect(fitMessage('A short answer. [1]')).toBe('A short answer. [1]');
    expect(fitMessage('x'.repeat(MAX_MESSAGE_CHARS))).toBe('x'.repeat(MAX_MESSAGE_CHARS));
  });

  test('cuts after the last whole line or sentence that fits, with an ellipsis', () => {
    expect(fitMessage('The first sentence is here. Second sentence is longer.', 40)).toBe('The first sentence is here.…');
    expect(fitMessage('Line one is here\nline two is much longer than that', 30)).toBe('Line one is here…');
  });

  test('cuts at a space when there is no boundary in the second half', () => {
    expect(fitMessage('One. Then a very long sentence without any full stop at all', 40)).toBe('One. Then a very long sentence without…');
  });

  test('never returns more than the limit, for any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 5000 }), fc.integer({ min: 10, max: 3000 }), (text, max) => {
      const fitted = fitMessage(text, max);
      expect(fitted.length).toBeLessThanOrEqual(max);
      if (text.length <= max) expect(fitted).toBe(text);
      else expect(text.startsWith(fitted.slice(0, -1))).toBe(true);
    }));
  });
});
