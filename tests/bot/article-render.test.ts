import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ChangeDone, NewArticle } from '../../src/bot/articles/index.js';
import {
  changeDoneText, changeFailedText, historyText, MAX_EMBED_DESCRIPTION_CHARS, previewText, removeQuestionText, STATUS_LINE_ROOM,
} from '../../src/bot/articles/render.js';
import { refreshProblemsText } from '../../src/bot/render.js';
import { MAX_MESSAGE_CHARS } from '../../src/bot/reply.js';
import type { Article, RefreshReport } from '../../src/core/index.js';
import type { ChangeRecord } from '../../src/data/index.js';

function candidate(article: Partial<Article>): NewArticle {
  return {
    bytes: new Uint8Array(),
    extension: '.md',
    origin: 'https://news.example/story',
    article: { slug: 'a', title: 'A', file: 'a.md', hash: '0', paragraphs: ['First.'], ...article },
  };
}

describe('previewText', () => {
  test('shows article text as written: no formatting, link or heading that was not plainly in it', () => {
    const text = previewText(candidate({
      title: '**Breaking** [click](https://evil.example) @everyone',
      source: '`Times`',
      url: 'https://news.example/a b>c',
      paragraphs: ['# Not a heading, *not italic*, <@123> not a ping.'],
    }), []);
    expect(text).toContain('**Title:** “\\*\\*Breaking\\*\\* \\[click\\](https://evil.example) @everyone”');
    expect(text).toContain('**Source:** “\\`Times\\`”');
    expect(text).toContain('**Link:** <https://news.example/a%20b%3Ec>');
    expect(text).toContain('**First paragraph:** “# Not a heading, \\*not italic\\*, \\<@123\\> not a ping.”');
  });

  test('whatever the article holds, leaves room in the message for the line a click adds, and starts no line with article text', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 700 });
    fc.assert(fc.property(text, text, fc.array(text, { minLength: 1, maxLength: 3 }), (title, source, paragraphs) => {
      const shown = previewText(candidate({ title, source, paragraphs }), [`The knowledge base already has an article with this link: “${title}”.`]);
      expect(shown.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS - STATUS_LINE_ROOM);
      for (const line of shown.split('\n')) expect(line).toMatch(/^(\*\*|⚠️ |.*…$)/);
    }), { numRuns: 200 });
  });
});

describe('historyText', () => {
  test('twenty changes with the longest titles fit in one embed', () => {
    const changes: ChangeRecord[] = Array.from({ length: 20 }, (_, i) => ({
      id: 1000 + i, at: new Date(), guildId: 'g', userId: 'u', userName: 'a_moderator_with_a_long_name', action: 'removed',
      title: 'T'.repeat(200), file: 'f.md', versionBefore: 'aaaaaaaaaaaa', versionAfter: 'bbbbbbbbbbbb', undoes: 999, undoneBy: 2000,
    }));
    const text = historyText(changes);
    expect(text.length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION_CHARS);
    expect(text.split('\n')).toHaveLength(20);
    expect(historyText(changes.map((c) => ({ ...c, userName: '_'.repeat(200) })))).toMatch(/\n… and \d+ older$/);
    expect(text).toContain('a\\_moderator\\_with\\_a\\_long\\_name');
  });
});

describe('file names in replies', () => {
  const version = { hash: 'aaaaaaaaaaaa', loadedAt: new Date(0), articles: 1, passages: 9 };
  const report: RefreshReport = {
    dryRun: false, full: false, added: [], changed: [], removed: [], passagesBefore: 9, passagesAfter: 9,
    versionBefore: version, version, ignored: [], milliseconds: 1,
  };
  const removed = (file: string): ChangeDone => ({ action: 'removed', report, title: 'Port strike ends', file, trashFile: `20250314T083000Z-${file}`, recorded: { ok: false, reason: 'no database' } });
  /** Every reply that names a file, for the name `file`. */
  const replies = (file: string) => [
    removeQuestionText('Port strike ends', file, 3),
    changeDoneText(removed(file)),
    changeDoneText({ ...removed(file), action: 'added', trashFile: undefined }),
    changeFailedText('add', [{ file, problem: 'has no front matter' }], version),
    refreshProblemsText([{ file, problem: 'has no front matter' }], version),
    previewText({ ...candidate({ title: 'Port strike ends' }), origin: file }, []),
  ];
  // Backticks that start or end code: those not escaped with a backslash.
  const codeMarks = (text: string) => (text.match(/(?<!\\)`/g) ?? []).length;

  test('show a name as written, not with the backslashes of an escape inside code', () => {
    for (const reply of replies('port_strike.md')) {
      expect(reply).toContain('port\\_strike.md');
      expect(reply).not.toMatch(/`[^`\n]*\\_/);
    }
  });

  test('whatever a name holds, it cannot end a code span, start a line or take another line', () => {
    const plain = replies('plain.md');
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), (file) => {
      replies(file).forEach((reply, i) => {
        expect(codeMarks(reply)).toBe(codeMarks(plain[i]!));
        expect(reply.split('\n')).toHaveLength(plain[i]!.split('\n').length);
      });
    }), { numRuns: 300 });
    expect(changeDoneText(removed('x`` **bold** ``\n# Heading.md'))).toContain('x\\`\\` \\*\\*bold\\*\\* \\`\\`␊# Heading.md');
  });
});
