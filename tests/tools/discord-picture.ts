/**
 * A drawing of a bot message as Discord's dark theme shows it, as SVG, from the payload the bot
 * sent: content, embeds and buttons. Three pure steps: {@link parseMarkdown} reads the part of
 * Discord's markdown replies can use into blocks, {@link layOut} places them (wrapping lines at a
 * fixed width with estimated character widths), and {@link toSvg} writes the shapes. The drawing
 * is faithful in content and layout, not pixel-exact: the viewer's font sets the final widths.
 */

// ---------------------------------------------------------------------------------------------
// Payload: the fields of a Discord message payload that are drawn.

export interface Emoji { name?: string; id?: string }
export interface Button { type: number; style?: number; label?: string; emoji?: Emoji; disabled?: boolean; url?: string }
export interface ActionRow { type: number; components: Button[] }
export interface EmbedField { name: string; value: string; inline?: boolean }
export interface Embed {
  color?: number;
  author?: { name: string };
  title?: string;
  url?: string;
  description?: string;
  fields?: EmbedField[];
  footer?: { text: string };
}
export interface MessagePayload { content?: string; embeds?: Embed[]; components?: ActionRow[] }

/** Who is shown above the message: the bot, and the member whose command it answers. */
export interface MessageHeader { botName: string; userName: string; command: string }

// ---------------------------------------------------------------------------------------------
// Markdown: Discord's subset, line by line.

/** A run of text in one style. */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  code?: boolean;
  /** The target of a link; the span's text is what is shown. */
  link?: string;
}

/** One line of a message: its kind, whether it is quoted, and its text. */
export type Block =
  | { kind: 'blank'; quote: boolean }
  | { kind: 'paragraph' | 'subtext'; quote: boolean; spans: Span[] }
  | { kind: 'heading'; quote: boolean; level: 1 | 2 | 3; spans: Span[] }
  /** A list item; `marker` is `•` or a number such as `2.`; `depth` 0 for the outer list. */
  | { kind: 'item'; quote: boolean; marker: string; depth: number; spans: Span[] };

type Style = Omit<Span, 'text'>;

// Inline rules in the order Discord tries them at a position. Each is sticky (matches only at
// `lastIndex`); the content groups allow escaped characters (`\*`) inside.
const INLINE: Array<{ pattern: RegExp; span: (m: RegExpExecArray, style: Style) => Span[] }> = [
  { pattern: /\\([^\w\s])/y, span: (m, style) => [{ ...style, text: m[1]! }] },
  { pattern: /\[((?:\\.|[^\]\\])+)\]\(<?(https?:\/\/[^\s<>()]+)>?\)/y, span: (m, style) => parseInline(m[1]!, { ...style, link: m[2]! }) },
  { pattern: /<(https?:\/\/[^\s>]+)>/y, span: (m, style) => [{ ...style, text: m[1]!, link: m[1]! }] },
  { pattern: /https?:\/\/[^\s<]+[^\s<.,:;"')\]]/y, span: (m, style) => [{ ...style, text: m[0], link: m[0] }] },
  { pattern: /`([^`]+)`/y, span: (m, style) => [{ ...style, text: m[1]!, code: true }] },
  { pattern: /\*\*((?:\\.|[^\\])+?)\*\*(?!\*)/y, span: (m, style) => parseInline(m[1]!, { ...style, bold: true }) },
  { pattern: /__((?:\\.|[^\\])+?)__(?!_)/y, span: (m, style) => parseInline(m[1]!, { ...style, underline: true }) },
  { pattern: /\*(?!\s)((?:\\.|[^\\*])+?)\*/y, span: (m, style) => parseInline(m[1]!, { ...style, italic: true }) },
  { pattern: /\b_((?:\\.|[^\\_])+?)_\b/y, span: (m, style) => parseInline(m[1]!, { ...style, italic: true }) },
  { pattern: /~~((?:\\.|[^\\])+?)~~/y, span: (m, style) => parseInline(m[1]!, { ...style, strike: true }) },
];

function sameStyle(a: Span, b: Span): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.underline === b.underline
    && a.strike === b.strike && a.code === b.code && a.link === b.link;
}

/** The spans of one line of inline markdown (emphasis, code, links, escapes); plain text otherwise. */
export function parseInline(text: string, style: Style = {}): Span[] {
  const spans: Span[] = [];
  const push = (span: Span) => {
    const last = spans.at(-1);
    if (last && sameStyle(last, span)) last.text += span.text;
    else if (span.text !== '') spans.push({ ...span });
  };
  let i = 0;
  while (i < text.length) {
    let matched = false;
    for (const rule of INLINE) {
      rule.pattern.lastIndex = i;
      const m = rule.pattern.exec(text);
      if (!m) continue;
      rule.span(m, style).forEach(push);
      i += m[0].length;
      matched = true;
      break;
    }
    if (!matched) push({ ...style, text: text[i++]! });
  }
  return spans;
}

/** The kind of one unquoted line, with its text parsed. */
function parseLine(line: string, quote: boolean): Block {
  if (line.trim() === '') return { kind: 'blank', quote };
  const heading = /^(#{1,3}) +(\S.*)$/.exec(line);
  if (heading) return { kind: 'heading', quote, level: heading[1]!.length as 1 | 2 | 3, spans: parseInline(heading[2]!) };
  const subtext = /^-# +(\S.*)$/.exec(line);
  if (subtext) return { kind: 'subtext', quote, spans: parseInline(subtext[1]!) };
  const bullet = /^( *)[-*] +(\S.*)$/.exec(line);
  if (bullet) return { kind: 'item', quote, marker: '•', depth: Math.min(bullet[1]!.length >> 1, 2), spans: parseInline(bullet[2]!) };
  const numbered = /^( *)(\d{1,9})\. +(\S.*)$/.exec(line);
  if (numbered) return { kind: 'item', quote, marker: `${numbered[2]}.`, depth: Math.min(numbered[1]!.length >> 1, 2), spans: parseInline(numbered[3]!) };
  return { kind: 'paragraph', quote, spans: parseInline(line) };
}

/**
 * The lines of a message's markdown: `> ` and `>>> ` quotes, `#` headings, `-# ` subtext, `-`
 * and `1.` lists, and inline markdown. Blank lines right after a list item are dropped, as
 * Discord's list rule takes them into the list.
 */
export function parseMarkdown(content: string): Block[] {
  const blocks: Block[] = [];
  let quoteToEnd = false;
  for (const raw of content.split('\n')) {
    let line = raw;
    let quote: boolean = quoteToEnd;
    if (!quote && /^>>> /.test(line)) [quoteToEnd, quote, line] = [true, true, line.slice(4)];
    else if (!quote && /^> /.test(line)) [quote, line] = [true, line.slice(2)];
    const block = parseLine(line, quote);
    if (block.kind === 'blank' && blocks.at(-1)?.kind === 'item') continue;
    blocks.push(block);
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Layout: shapes at positions.

/** Discord's dark theme colours. */
export const COLORS = {
  background: '#313338',
  text: '#dbdee1',
  name: '#f2f3f5',
  muted: '#949ba4',
  link: '#00a8fc',
  quoteBar: '#4e5058',
  embed: '#2b2d31',
  embedBorder: '#1e1f22',
  appTag: '#5865f2',
  avatar: '#5865f2',
  codeBackground: '#2b2d31',
  buttonText: '#ffffff',
} as const;

/** Button colours by style: primary, secondary, success (green), danger (red), link. */
export const BUTTON_COLORS: Readonly<Record<number, string>> = { 1: '#5865f2', 2: '#4e5058', 3: '#248046', 4: '#da373c', 5: '#4e5058' };

export const FONT_FAMILY = `'gg sans', 'Noto Sans', Helvetica, Arial, sans-serif`;
const MONO_FAMILY = `Consolas, 'Andale Mono WT', 'Andale Mono', 'DejaVu Sans Mono', monospace`;

/** Width of the message text, in pixels; lines wrap there. */
export const TEXT_WIDTH = 560;
/** Where message text starts: right of the 40 px avatar at 16 px. */
const CONTENT_X = 72;
const PICTURE_WIDTH = CONTENT_X + TEXT_WIDTH + 32;
const EMBED_MAX_WIDTH = 520;

export interface TextRun extends Span { color: string }
/** A line of text: `y` is its baseline; its runs follow one another from `x`. */
export interface TextShape { type: 'text'; x: number; y: number; size: number; weight?: number; anchor?: 'middle' | 'end'; runs: TextRun[] }
export interface RectShape { type: 'rect'; x: number; y: number; width: number; height: number; fill: string; radius: number; opacity?: number }
export interface CircleShape { type: 'circle'; cx: number; cy: number; r: number; fill: string }
export interface PathShape { type: 'path'; d: string; stroke: string; width: number }
export type Shape = TextShape | RectShape | CircleShape | PathShape;
export interface Picture { width: number; height: number; shapes: Shape[] }

/** Font size and line height of a kind of text. */
interface TextSize { size: number; lineHeight: number }
const BODY: TextSize = { size: 16, lineHeight: 22 };
const EMBED_BODY: TextSize = { size: 14, lineHeight: 18 };

// Approximate advance widths in ems of a sans-serif like gg sans, by character class.
const WIDTHS: Array<[RegExp, number]> = [
  [/\p{Extended_Pictographic}/u, 1.25],
  [/[ ]/, 0.27],
  [/[iljI.,;:!|'’‘·]/, 0.26],
  [/[frt()[\]{}"“”\-/\\]/, 0.36],
  [/[mwMW—]/, 0.88],
  [/[A-Z¶]/, 0.66],
  [/[0-9]/, 0.57],
];

/** The estimated width of a text in pixels at a font size; bold is a little wider, code is monospace. */
export function textWidth(text: string, size: number, options: { bold?: boolean; code?: boolean } = {}): number {
  let ems = 0;
  for (const char of text) ems += options.code ? 0.6 : (WIDTHS.find(([pattern]) => pattern.test(char))?.[1] ?? 0.565);
  return ems * size * (options.bold ? 1.06 : 1);
}

/**
 * Spans broken into lines no wider than `width`: greedily at spaces, and inside a word only when
 * the word alone is wider than a line. Spaces at the ends of lines are dropped.
 */
export function wrapSpans(spans: Span[], width: number, size: number): Span[][] {
  const lines: Span[][] = [[]];
  let used = 0;
  const add = (span: Span, w: number) => {
    const line = lines.at(-1)!;
    const last = line.at(-1);
    if (last && sameStyle(last, span)) last.text += span.text;
    else line.push({ ...span });
    used += w;
  };
  const newLine = () => {
    lines.push([]);
    used = 0;
  };
  for (const span of spans) {
    for (const piece of span.text.match(/\s+|\S+/g) ?? []) {
      const w = textWidth(piece, size, span);
      if (/^\s/.test(piece)) {
        if (used > 0) add({ ...span, text: ' ' }, textWidth(' ', size, span));
      } else if (used + w <= width) {
        add({ ...span, text: piece }, w);
      } else if (w <= width) {
        newLine();
        add({ ...span, text: piece }, w);
      } else {
        for (const char of piece) {
          const cw = textWidth(char, size, span);
          if (used + cw > width && used > 0) newLine();
          add({ ...span, text: char }, cw);
        }
      }
    }
  }
  for (const line of lines) {
    const last = line.at(-1);
    if (last) last.text = last.text.trimEnd();
    if (last?.text === '') line.pop();
  }
  return lines;
}

function colored(spans: Span[], color: string): TextRun[] {
  return spans.map((span) => ({ ...span, color: span.link ? COLORS.link : color }));
}

/** How each kind of block is drawn at a base text size. */
function blockStyle(block: Exclude<Block, { kind: 'blank' }>, base: TextSize): TextSize & { color: string; weight?: number; before: number } {
  if (block.kind === 'subtext') return { size: Math.round(base.size * 0.8125), lineHeight: Math.round(base.lineHeight * 0.82), color: COLORS.muted, before: 0 };
  if (block.kind === 'heading') {
    const size = [0, 24, 20, 16][block.level]!;
    return { size, lineHeight: Math.round(size * 1.375), color: COLORS.name, weight: 700, before: 8 };
  }
  return { ...base, color: COLORS.text, before: 0 };
}

/**
 * Places the blocks of one text at (`x`, `top`) within `width`: quote bars, list markers and
 * wrapped lines. Returns the shapes and the bottom of the text.
 */
export function layOutBlocks(blocks: Block[], x: number, top: number, width: number, base: TextSize): { shapes: Shape[]; bottom: number } {
  const shapes: Shape[] = [];
  let y = top;
  let quoteTop: number | undefined;
  const closeQuote = () => {
    if (quoteTop !== undefined) shapes.push({ type: 'rect', x, y: quoteTop, width: 4, height: y - quoteTop, fill: COLORS.quoteBar, radius: 2 });
    quoteTop = undefined;
  };
  blocks.forEach((block, i) => {
    if (!block.quote) closeQuote();
    else quoteTop ??= y;
    if (block.kind === 'blank') {
      y += base.lineHeight;
      return;
    }
    const style = blockStyle(block, base);
    // A quote's text sits 16 px right of its bar (4 px bar, 12 px padding); a list's 16 px per level.
    let left = x + (block.quote ? 16 : 0);
    const previous = blocks[i - 1];
    if (block.kind === 'item' && previous?.kind !== 'item') y += 4;
    y += style.before;
    if (block.kind === 'item') {
      left += 16 * (block.depth + 1);
      const markerY = y + style.lineHeight / 2;
      if (block.marker === '•') shapes.push({ type: 'circle', cx: left - 9, cy: markerY, r: 2.5, fill: COLORS.text });
      else shapes.push({ type: 'text', x: left - 4, y: y + baseline(style), size: style.size, anchor: 'end', runs: [{ text: block.marker, color: COLORS.text }] });
    }
    for (const line of wrapSpans(block.spans, x + width - left, style.size)) {
      shapes.push({ type: 'text', x: left, y: y + baseline(style), size: style.size, ...(style.weight && { weight: style.weight }), runs: colored(line, style.color) });
      y += style.lineHeight;
    }
  });
  closeQuote();
  return { shapes, bottom: y };
}

/** The baseline's distance from the top of a line box. */
function baseline({ size, lineHeight }: TextSize): number {
  return Math.round((lineHeight + size * 0.7) / 2);
}

/** An embed: a dark box with a coloured left border, its author, title, description, fields and footer. */
function layOutEmbed(embed: Embed, top: number): { shapes: Shape[]; bottom: number } {
  const inner: Shape[] = [];
  const x = CONTENT_X + 4 + 12;
  const width = EMBED_MAX_WIDTH - 4 - 12 - 16;
  let y = top + 8;
  const section = (blocks: Block[], base: TextSize, gap: number) => {
    const placed = layOutBlocks(blocks, x, y + gap, width, base);
    inner.push(...placed.shapes);
    y = placed.bottom;
  };
  const oneLine = (text: string, style: Style): Block[] => [{ kind: 'paragraph', quote: false, spans: [{ ...style, text }] }];
  if (embed.author) section(oneLine(embed.author.name, { bold: true }), EMBED_BODY, 0);
  if (embed.title) section([{ kind: 'paragraph', quote: false, spans: parseInline(embed.title, { bold: true, ...(embed.url && { link: embed.url }) }) }], BODY, inner.length ? 4 : 0);
  if (embed.description) section(parseMarkdown(embed.description), EMBED_BODY, inner.length ? 8 : 0);
  // Fields are stacked one under another, inline ones too.
  for (const field of embed.fields ?? []) {
    section(oneLine(field.name, { bold: true }), EMBED_BODY, 8);
    section(parseMarkdown(field.value), EMBED_BODY, 2);
  }
  if (embed.footer) section(oneLine(embed.footer.text, {}), { size: 12, lineHeight: 16 }, 8);
  const bottom = y + 16;
  const color = embed.color === undefined ? COLORS.embedBorder : `#${embed.color.toString(16).padStart(6, '0')}`;
  return {
    shapes: [
      { type: 'rect', x: CONTENT_X, y: top, width: EMBED_MAX_WIDTH, height: bottom - top, fill: color, radius: 4 },
      { type: 'rect', x: CONTENT_X + 4, y: top, width: EMBED_MAX_WIDTH - 4, height: bottom - top, fill: COLORS.embed, radius: 4 },
      ...inner,
    ],
    bottom,
  };
}

const BUTTON_HEIGHT = 32;
const BUTTON_GAP = 8;

/** A row of buttons at `top`: rounded boxes in their style's colour, emoji then label centred in each. */
export function layOutButtons(row: ActionRow, top: number): Shape[] {
  const shapes: Shape[] = [];
  let x = CONTENT_X;
  for (const button of row.components) {
    if (button.type !== 2) throw new Error(`component type ${button.type} is not drawn; only buttons (type 2) are`);
    const emoji = button.emoji?.name ?? '';
    const label = button.label ?? '';
    const inner = textWidth(emoji, 16) + (emoji && label ? 4 : 0) + textWidth(label, 14, { bold: true });
    const width = Math.max(60, Math.round(inner + 32));
    const opacity = button.disabled ? { opacity: 0.5 } : {};
    shapes.push({ type: 'rect', x, y: top, width, height: BUTTON_HEIGHT, fill: BUTTON_COLORS[button.style ?? 2] ?? BUTTON_COLORS[2]!, radius: 8, ...opacity });
    const runs: TextRun[] = [];
    if (emoji) runs.push({ text: emoji + (label ? ' ' : ''), color: COLORS.buttonText });
    if (label) runs.push({ text: label, color: COLORS.buttonText });
    shapes.push({ type: 'text', x: x + width / 2, y: top + 21, size: 14, weight: 500, anchor: 'middle', runs });
    x += width + BUTTON_GAP;
  }
  return shapes;
}

/** The header above a reply to a slash command: who used which command, then the bot's name and its APP tag. */
function layOutHeader(header: MessageHeader, top: number): { shapes: Shape[]; nameBaseline: number } {
  const contextY = top + 11;
  const avatarTop = top + 22 + 4;
  const nameWidth = textWidth(header.botName, 16, { bold: true });
  const tagWidth = Math.round(textWidth('APP', 10, { bold: true }) + 9);
  return {
    nameBaseline: avatarTop + 16,
    shapes: [
      // The spine from the avatar up to the command line, as Discord draws it.
      { type: 'path', d: `M 36 ${avatarTop - 4} V ${contextY + 6} Q 36 ${contextY} 42 ${contextY} H 66`, stroke: COLORS.quoteBar, width: 2 },
      { type: 'circle', cx: CONTENT_X + 8, cy: contextY, r: 8, fill: COLORS.avatar },
      { type: 'text', x: CONTENT_X + 20, y: contextY + 5, size: 14, runs: [
        { text: header.userName, color: COLORS.text, bold: true },
        { text: ' used ', color: COLORS.muted },
        { text: header.command, color: COLORS.link },
      ] },
      { type: 'circle', cx: 36, cy: avatarTop + 20, r: 20, fill: COLORS.avatar },
      { type: 'text', x: CONTENT_X, y: avatarTop + 16, size: 16, weight: 500, runs: [{ text: header.botName, color: COLORS.name }] },
      { type: 'rect', x: CONTENT_X + nameWidth + 6, y: avatarTop + 4, width: tagWidth, height: 15, fill: COLORS.appTag, radius: 3 },
      { type: 'text', x: CONTENT_X + nameWidth + 6 + tagWidth / 2, y: avatarTop + 15, size: 10, weight: 700, anchor: 'middle', runs: [{ text: 'APP', color: COLORS.buttonText }] },
    ],
  };
}

/** The whole message laid out: header, content, embeds, then each row of buttons. */
export function layOut(payload: MessagePayload, header: MessageHeader): Picture {
  const { shapes, nameBaseline } = layOutHeader(header, 16);
  let y = nameBaseline + 6;
  if (payload.content) {
    const placed = layOutBlocks(parseMarkdown(payload.content), CONTENT_X, y, TEXT_WIDTH, BODY);
    shapes.push(...placed.shapes);
    y = placed.bottom;
  }
  for (const embed of payload.embeds ?? []) {
    const placed = layOutEmbed(embed, y + 4);
    shapes.push(...placed.shapes);
    y = placed.bottom;
  }
  for (const row of payload.components ?? []) {
    shapes.push(...layOutButtons(row, y + 8));
    y += 8 + BUTTON_HEIGHT;
  }
  return { width: PICTURE_WIDTH, height: y + 16, shapes };
}

// ---------------------------------------------------------------------------------------------
// SVG.

/** Text made safe inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`);
}

/** Attributes in XML, numbers to a tenth of a pixel; undefined ones left out. */
function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(typeof value === 'number' ? Math.round(value * 10) / 10 : value))}"`)
    .join('');
}

function runSvg(run: TextRun): string {
  const decoration = [run.underline && 'underline', run.strike && 'line-through'].filter(Boolean).join(' ');
  return `<tspan${attributes({
    fill: run.color,
    'font-weight': run.bold ? 700 : undefined,
    'font-style': run.italic ? 'italic' : undefined,
    'font-family': run.code ? MONO_FAMILY : undefined,
    'text-decoration': decoration || undefined,
  })}>${escapeXml(run.text)}</tspan>`;
}

function shapeSvg(shape: Shape): string {
  switch (shape.type) {
    case 'rect':
      return `<rect${attributes({ x: shape.x, y: shape.y, width: shape.width, height: shape.height, rx: shape.radius, fill: shape.fill, opacity: shape.opacity })}/>`;
    case 'circle':
      return `<circle${attributes({ cx: shape.cx, cy: shape.cy, r: shape.r, fill: shape.fill })}/>`;
    case 'path':
      return `<path${attributes({ d: shape.d, fill: 'none', stroke: shape.stroke, 'stroke-width': shape.width })}/>`;
    case 'text':
      return `<text${attributes({ x: shape.x, y: shape.y, 'font-size': shape.size, 'font-weight': shape.weight, 'text-anchor': shape.anchor })}>${shape.runs.map(runSvg).join('')}</text>`;
  }
}

/** The picture as an SVG document, one shape per line. */
export function toSvg(picture: Picture): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg"${attributes({ width: picture.width, height: picture.height, viewBox: `0 0 ${picture.width} ${picture.height}` })}>`,
    `<rect${attributes({ width: picture.width, height: picture.height, fill: COLORS.background })}/>`,
    `<g${attributes({ 'font-family': FONT_FAMILY })} xml:space="preserve">`,
    ...picture.shapes.map(shapeSvg),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

/** The SVG drawing of a message payload under its header. */
export function drawMessage(payload: MessagePayload, header: MessageHeader): string {
  return toSvg(layOut(payload, header));
}
