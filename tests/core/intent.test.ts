import { describe, expect, test } from 'vitest';
import { MAX_INTENT_CHARS, readIntent, readsAsRequest } from '../../src/core/answering/intent.js';

describe('readIntent', () => {
  test.each([
    ['tl;dr', { kind: 'summary' }],
    ['TL;DR pls', { kind: 'summary' }],
    ['summary', { kind: 'summary' }],
    ['summarize the article pls', { kind: 'summary' }],
    ['Summarise the Morocco article', { kind: 'summary', article: 'morocco' }],
    ['give me a summary of the article about India and Morocco', { kind: 'summary', article: 'india and morocco' }],
    ['hi', { kind: 'help', greeting: true }],
    ['Hello there!', { kind: 'help', greeting: true }],
    ['how r u', { kind: 'help', greeting: true }],
    ['<@1290000000000000001> help', { kind: 'help' }],
    ['what can you do?', { kind: 'help' }],
    ['hey, what can you do?', { kind: 'help', greeting: true }],
    ['hi who signed the mou', { kind: 'question' }],
    ['what do you know?', { kind: 'sources' }],
    ['thanks!', { kind: 'thanks' }],
    ['thx bot 🙏', { kind: 'thanks' }],
    ['good bot', { kind: 'thanks' }],
    ['lol nice', { kind: 'thanks' }],
    ['thanks 👍🏻', { kind: 'thanks' }],
    ['ty <3', { kind: 'thanks' }],
    ['thanks :)', { kind: 'thanks' }],
    ['bad bot', { kind: 'wrong' }],
    ['that’s wrong', { kind: 'wrong' }],
    ['how’s it going', { kind: 'help', greeting: true }],
    ['hey bot how r u today lol', { kind: 'help', greeting: true }],
    ['hey, how are you?', { kind: 'help', greeting: true }],
    ['hi there, hows it going', { kind: 'help', greeting: true }],
    ['good morning everyone', { kind: 'help', greeting: true }],
    ['yo whats up', { kind: 'help', greeting: true }],
    ['hey guys', { kind: 'help', greeting: true }],
    ["what's up with the mou", { kind: 'question' }],
    ['how are you going to fund it', { kind: 'question' }],
    ["that's wrong", { kind: 'wrong' }],
    ['thanks, who signed it?', { kind: 'question' }],
    ['is that wrong about Rabat?', { kind: 'question' }],
    ['sources', { kind: 'sources' }],
    ['what do you know about Rabat?', { kind: 'question' }],
    ['Who signed the MoU?', { kind: 'question' }],
    ['no thats not right', { kind: 'wrong' }],
    ['nope, you are wrong', { kind: 'wrong' }],
    ['thx bro', { kind: 'thanks' }],
    ['whats the source', { kind: 'sources' }],
    ['link to the article pls', { kind: 'sources' }],
    ['what do u know', { kind: 'sources' }],
    ['what is the source of the funding', { kind: 'question' }],
    ['what about the links between india and morocco', { kind: 'question' }],
    // No question is ever put to the member: a bare yes acknowledges, a bare no rejects the answer.
    ['no', { kind: 'wrong' }],
    ['nope!', { kind: 'wrong' }],
    ['nah nah', { kind: 'wrong' }],
    ['yes', { kind: 'thanks' }],
    ['yeah ok thanks', { kind: 'thanks' }],
    ['yes, who signed it?', { kind: 'question' }],
    ['true?', { kind: 'question' }],
    ['really?', { kind: 'question' }],
    ['thanks!', { kind: 'thanks' }],
    ['no, who signed it for Morocco?', { kind: 'question' }],
    ['is it true', { kind: 'question' }],
    ['👍', { kind: 'thanks' }],
    ['🙏🙏', { kind: 'thanks' }],
    ['🤔', { kind: 'question' }],
    ['hello bot, what is this article about?', { kind: 'summary' }],
    ['whats it about', { kind: 'summary' }],
    ['hey summarize the morocco story', { kind: 'summary', article: 'morocco' }],
    ['can  someone sum up in one\nline what the mou is for', { kind: 'summary', article: 'what mou is for' }],
    ['could u summarize the morocco story briefly', { kind: 'summary', article: 'morocco' }],
    ['what is the agreement about', { kind: 'question' }],
    ['where did u get this from', { kind: 'sources' }],
    ['where does this come from?', { kind: 'sources' }],
    ['where did india get its weapons from', { kind: 'question' }],
    ['ur useless', { kind: 'wrong' }],
    ['that is not helpful', { kind: 'wrong' }],
    ['is the pact useless', { kind: 'question' }],
    ['', { kind: 'question' }],
  ])('%s', (text, intent) => {
    expect(readIntent(text)).toEqual(intent);
  });

  test('a long message is a question, whatever its first words', () => {
    expect(readIntent(`summary ${'of the talks '.repeat(10)}`.slice(0, MAX_INTENT_CHARS + 1))).toEqual({ kind: 'question' });
  });
});

describe('readsAsRequest', () => {
  test.each([
    ['who signed it', true],
    ['Rabat?', true],
    ['explain the MoU', true],
    ['can you explain the mou', true],
    ['and the date', true],
    ['tl;dr', true],
    ['hi', true],
    ['lol nice', false],
    ['thanks!', false],
    ['The MoU was signed in Rabat', false],
    ['ok', false],
    ['good bot', false],
    ["that's wrong", false],
  ])('%s → %s', (text, expected) => {
    expect(readsAsRequest(text)).toBe(expected);
  });
});
