// What members typed, shown to moderators in a report, cannot change the report's layout.
import { describe, expect, test } from 'vitest';
import { unansweredText } from '../../src/bot/reports.js';
import { quotedLayout, SEARCH_LINE_START } from '../helpers.js';

describe('members\' questions in the moderators\' report', () => {
  test('a question over several lines stays on its line of the report', () => {
    const report = unansweredText([{
      topic: 'breaking', question: 'why?\n# BREAKING: the bot is down\n- see <#123456789012345678>', searched: 'why breaking bot',
      count: 2, declined: 2, disliked: 0, lastAskedAt: new Date('2026-01-01T00:00:00Z'),
    }], 30);
    expect(quotedLayout(report, SEARCH_LINE_START)).toEqual([]);
    expect(report).toContain('1. “why?␊# BREAKING: the bot is down␊- see \\<#123456789012345678\\>” (read as “why breaking bot”) ×2');
  });
});
