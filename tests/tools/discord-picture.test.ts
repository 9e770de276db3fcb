/**
 * The drawing of a Discord message (`npm run picture`): its markdown reading, line wrapping,
 * buttons and SVG, and that the committed picture is the drawing of the committed payload.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  COLORS, drawMessage, escapeXml, layOut, layOutButtons, parseInline, parseMarkdown, textWidth, wrapSpans,
  type MessageHeader, type MessagePayload, type RectShape, type TextShape,
} from './discord-picture.js';

const HEADER: MessageHeader = { botName: 'mou-bot', userName: 'reader', command: '/mou ask' };

/** The text of each `<text>` element of an SVG, unescaped. */
function svgLines(svg: string): string[] {
  const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)]
    .map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => entities[name]!));
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** The text shapes of a laid-out message, below the header (its first three texts). */
function contentTexts(payload: MessagePayload): TextShape[] {
  return layOut(payload, HEADER).shapes.filter((s): s is TextShape => s.type === 'text').slice(3);
}

describe('parseMarkdown', () => {
  test('reads "> " as a quoted line and ">>> " as quoting every line after it', () => {
    expect(parseMarkdown('> quoted\nnot quoted\n>>> all\nof this')).toEqual([
      { kind: 'paragraph', quote: true, spans: [{ text: 'quoted' }] },
      { kind: 'paragraph', quote: false, spans: [{ text: 'not quoted' }] },
      { kind: 'paragraph', quote: true, spans: [{ text: 'all' }] },
      { kind: 'paragraph', quote: true, spans: [{ text: 'of this' }] },
    ]);
  });

  test('reads subtext, headings and list items, and a "#" without a space as text', () => {
    expect(parseMarkdown('-# small print\n## Title\n- one\n  - inner\n3. third\n#tag').map((b) => b.kind === 'blank' ? b.kind : [b.kind, b.spans[0]!.text, 'marker' in b ? `${b.marker}${b.depth}` : ''])).toEqual([
      ['subtext', 'small print', ''],
      ['heading', 'Title', ''],
      ['item', 'one', '•0'],
      ['item', 'inner', '•1'],
      ['item', 'third', '3.0'],
      ['paragraph', '#tag', ''],
    ]);
  });

  test('keeps a blank line after a quote and drops one after a list item, as Discord shows them', () => {
    expect(parseMarkdown('> q\n\n- item\n\nafter').map((b) => b.kind)).toEqual(['paragraph', 'blank', 'item', 'paragraph']);
  });

  test('reads an escaped marker at the start of a line as text', () => {
    expect(parseMarkdown('\\- not a list\n\\# not a heading')).toEqual([
      { kind: 'paragraph', quote: false, spans: [{ text: '- not a list' }] },
      { kind: 'paragraph', quote: false, spans: [{ text: '# not a heading' }] },
    ]);
  });
});

describe('parseInline', () => {
  test('reads bold, italic and a masked link in angle brackets', () => {
    expect(parseInline('a **bold** and *slanted* [Title **x**](<https://example.com/a?b=1>) end')).toEqual([
      { text: 'a ' },
      { text: 'bold', bold: true },
      { text: ' and ' },
      { text: 'slanted', italic: true },
      { text: ' ' },
      { text: 'Title ', link: 'https://example.com/a?b=1' },
      { text: 'x', link: 'https://example.com/a?b=1', bold: true },
      { text: ' end' },
    ]);
  });

  test('shows escaped markdown characters as written', () => {
    expect(parseInline('\\*not italic\\* and \\[1\\](x)')).toEqual([{ text: '*not italic* and [1](x)' }]);
  });

  test('reads a title with escaped brackets inside a masked link', () => {
    expect(parseInline('[A \\[draft\\]](<https://example.com>)')).toEqual([{ text: 'A [draft]', link: 'https://example.com' }]);
  });

  test('leaves a citation like "[1]" and a lone asterisk as text', () => {
    expect(parseInline('step [1] * 2')).toEqual([{ text: 'step [1] * 2' }]);
  });
});

describe('wrapSpans', () => {
  const long = 'The MoU, signed with Morocco’s Defence Minister Abdellatif Loudiyi, establishes an institutional framework for expanding cooperation across multiple defence dimensions.';

  test('breaks a long line at spaces into lines no wider than the width, losing no word', () => {
    const lines = wrapSpans([{ text: long }], 300, 16);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line.map((s) => s.text).join(''), 16)).toBeLessThanOrEqual(300);
    expect(lines.map((line) => line.map((s) => s.text).join('')).join(' ')).toBe(long);
  });

  test('keeps the style of each span across a break', () => {
    const lines = wrapSpans([{ text: 'plain words here ' }, { text: 'bold words that go on', bold: true }], 150, 16);
    expect(lines.flat().filter((s) => s.bold).map((s) => s.text).join(' ')).toBe('bold words that go on');
  });

  test('breaks a word longer than a line inside it', () => {
    const lines = wrapSpans([{ text: 'x'.repeat(100) }], 200, 16);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((line) => line[0]!.text).join('')).toBe('x'.repeat(100));
  });
});

describe('layOutButtons', () => {
  const row = { type: 1, components: [
    { type: 2, style: 2, label: 'Show paragraph' },
    { type: 2, style: 3, label: 'Yes' },
    { type: 2, style: 4, emoji: { name: '👎' } },
  ] };

  test('draws each button in its style\'s colour, left to right without overlap, with its label or emoji', () => {
    const shapes = layOutButtons(row, 100);
    const boxes = shapes.filter((s) => s.type === 'rect');
    expect(boxes.map((b) => b.fill)).toEqual(['#4e5058', '#248046', '#da373c']);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThan(boxes[i - 1]!.x + boxes[i - 1]!.width);
    expect(shapes.filter((s) => s.type === 'text').map((t) => t.runs.map((r) => r.text).join(''))).toEqual(['Show paragraph', 'Yes', '👎']);
  });

  test('refuses a component it cannot draw rather than leave it out', () => {
    expect(() => layOutButtons({ type: 1, components: [{ type: 3 }] }, 0)).toThrow('component type 3 is not drawn; only buttons (type 2) are');
  });
});

describe('escapeXml', () => {
  test.each([
    ['a < b', 'a &lt; b'],
    ['R&D > "x"', 'R&amp;D &gt; &quot;x&quot;'],
    ["it's", 'it&apos;s'],
    ['&amp;', '&amp;amp;'],
  ])('escapes %j', (text, escaped) => {
    expect(escapeXml(text)).toBe(escaped);
  });
});

describe('drawMessage', () => {
  test('escapes "<", "&" and quotes of the text for XML', () => {
    const svg = drawMessage({ content: 'a <b> & "c" \'d\'' }, HEADER);
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;');
    expect(svg).not.toContain('<b>');
  });

  test('draws a quote with a 4 px grey bar beside all its lines, and its text right of the bar', () => {
    const picture = layOut({ content: `> ${'quoted words '.repeat(60)}\nafter` }, HEADER);
    const bar = picture.shapes.find((s): s is RectShape => s.type === 'rect' && s.width === 4)!;
    const quoted = picture.shapes.filter((s): s is TextShape => s.type === 'text' && s.runs[0]!.text.startsWith('quoted'));
    expect(bar).toMatchObject({ fill: COLORS.quoteBar, x: 72 });
    expect(quoted.length).toBeGreaterThan(1);
    expect(quoted.every((t) => t.x === 88 && t.y > bar.y && t.y < bar.y + bar.height)).toBe(true);
  });

  test('draws subtext smaller and grey, a masked link blue and bold text bold', () => {
    const [subtext, line] = contentTexts({ content: '-# the small print\n**Sources** [Title](<https://example.com>)' });
    expect(subtext).toMatchObject({ size: 13, runs: [{ text: 'the small print', color: COLORS.muted }] });
    expect(line!.runs).toEqual([
      { text: 'Sources', bold: true, color: COLORS.text },
      { text: ' ', color: COLORS.text },
      { text: 'Title', link: 'https://example.com', color: COLORS.link },
    ]);
    const svg = drawMessage({ content: '**Sources** [Title](<https://example.com>)' }, HEADER);
    expect(svg).toContain('<tspan fill="#dbdee1" font-weight="700">Sources</tspan>');
    expect(svg).toContain('<tspan fill="#00a8fc">Title</tspan>');
    expect(svg).not.toContain('https://example.com');
  });

  test('draws an embed as a dark box with its colour on the left and its texts inside', () => {
    const picture = layOut({ embeds: [{ color: 0x00ff00, title: 'A title', description: 'Some *words*', fields: [{ name: 'Field', value: 'value' }] }] }, HEADER);
    const [border, box] = picture.shapes.filter((s) => s.type === 'rect' && s.width > 100);
    expect(border).toMatchObject({ fill: '#00ff00', x: 72 });
    expect(box).toMatchObject({ fill: COLORS.embed, x: 76 });
    expect(svgLines(drawMessage({ embeds: [{ title: 'A title', description: 'Some *words*', fields: [{ name: 'Field', value: 'value' }] }] }, HEADER)).slice(3))
      .toEqual(['A title', 'Some words', 'Field', 'value']);
  });

  test('shows the header: who used which command, the bot\'s name and its APP tag', () => {
    expect(svgLines(drawMessage({ content: 'hi' }, HEADER)).slice(0, 3)).toEqual(['reader used /mou ask', 'mou-bot', 'APP']);
  });
});

describe('docs/answer.svg', () => {
  const payload = JSON.parse(readFileSync(new URL('../../docs/answer.json', import.meta.url), 'utf8')) as MessagePayload;
  const svg = readFileSync(new URL('../../docs/answer.svg', import.meta.url), 'utf8');

  test('is the drawing of docs/answer.json', () => {
    expect(svg).toBe(drawMessage(payload, HEADER));
  });

  test('shows every word of the payload in order and nothing else besides the header', () => {
    const content = payload.content!;
    // The markdown the answer uses, which the drawing shows as shapes and styles, not characters.
    expect(content).toMatch(/^> /m);
    expect(content).toMatch(/^- /m);
    expect(content).toContain('**');
    const plain = content.replace(/^> /gm, '').replace(/^- /gm, '').replace(/\*\*/g, '');
    const buttons = payload.components!.flatMap((row) => row.components.map((b) => [b.emoji?.name, b.label].filter(Boolean).join(' ')));
    expect(words(svgLines(svg).join('\n'))).toEqual([
      ...words('reader used /mou ask mou-bot APP'),
      ...words(plain),
      ...words(buttons.join(' ')),
    ]);
  });
});
