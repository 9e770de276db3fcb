/**
 * A deterministic benchmark corpus built from real text: the sentences of the seed article and
 * of the XQuAD articles, recombined into new paragraphs and articles. Every generated article
 * also brings new proper names (pseudo-words minted from syllables) in place of some of its
 * capitalised words, and changes some of its numbers, so the vocabulary keeps growing with the
 * corpus as it does in real news (Heaps' law) instead of saturating at the source text's.
 *
 * Article `i` depends only on the seed and `i`, so a smaller corpus is the start of a larger
 * one (only its last article may be cut short to hit the passage count exactly).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticle, slugOf } from '../src/core/index.js';
import { DEFAULT_CORPUS_ROOT, DEFAULT_SEED } from './defaults.js';

/** Bumped whenever the generator's output changes: a corpus folder of another version is regenerated. */
export const GENERATOR_VERSION = 1;

/** The shipped seed article. */
export const SEED_ARTICLE = fileURLToPath(new URL('../knowledge/india-morocco-defence-mou.md', import.meta.url));
/** The XQuAD articles (in the repository, with their licence). */
export const XQUAD_KNOWLEDGE_DIR = fileURLToPath(new URL('../eval/xquad-en/knowledge', import.meta.url));
/** File in a corpus folder recording how it was generated. Starts with "." so loading skips it. */
export const STAMP_FILE = '.mou-bench-corpus.json';

/** Paragraphs in a generated article (inclusive): news articles run to a handful of paragraphs. */
const MIN_PARAGRAPHS = 4;
const MAX_PARAGRAPHS = 10;
/** Sentences in a generated paragraph (inclusive). */
const MIN_SENTENCES = 2;
const MAX_SENTENCES = 6;
/**
 * Sentences kept from the sources, in characters: shorter ones are mostly fragments, longer
 * ones are lists that no reporter would repeat.
 */
const MIN_SENTENCE_CHARS = 30;
const MAX_SENTENCE_CHARS = 400;
/** Chance that a sentence of a paragraph comes from another source than the article's topic. */
const OFF_TOPIC_SENTENCE = 0.25;
/** New names minted for each article: the people, places and firms news keeps introducing. */
const NEW_NAMES_PER_ARTICLE = 3;
/** Names of earlier articles that come back in each article (recurring people and places). */
const RECURRING_NAMES_PER_ARTICLE = 2;
/** Chance that a distinct capitalised word of an article is replaced by one of its names (while names last). */
const NAME_SUBSTITUTION = 0.35;
/** Chance that a number (other than a year) is replaced by another of as many digits. */
const NUMBER_SUBSTITUTION = 0.3;
/** Dates are spread over this year. */
const FIRST_DATE = Date.UTC(2024, 0, 1);
const DAYS_IN_YEAR = 366;
/** Files written at once; more only queues up in libuv's thread pool. */
const WRITE_BATCH = 256;
/** Longest file name stem taken from a title. */
const MAX_SLUG_CHARS = 60;

const SYLLABLES = [
  'ka', 'lo', 'ma', 'ri', 'ten', 'vor', 'sa', 'bel', 'dun', 'mi', 'ra', 'zo', 'nor', 'pel', 'tha', 'gri', 'an', 'el', 'ost', 'qua',
  'bre', 'dal', 'fen', 'hu', 'ir', 'jas', 'kel', 'lun', 'mor', 'nix', 'ob', 'pra', 'rus', 'sel', 'tov', 'ul', 'ves', 'wyn', 'yar', 'zem',
];
const SOURCES = ['Agencies', 'Staff reporter', 'Wire services', 'Correspondent', 'News desk', 'Bureau report'];
const TITLE_NOUNS = ['update', 'report', 'analysis', 'briefing', 'review', 'explainer', 'timeline', 'interview'];
/** Capitalised words that are not names: replacing them would not read as news. */
const NOT_NAMES = new Set([
  'The', 'This', 'That', 'These', 'Those', 'There', 'Their', 'They', 'When', 'While', 'After', 'Before', 'During', 'However', 'Although',
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
]);
/** Words ending in a full stop that do not end a sentence. */
const ABBREVIATIONS = new Set([
  'Mr.', 'Mrs.', 'Ms.', 'Dr.', 'St.', 'Jr.', 'Sr.', 'Mt.', 'Ft.', 'No.', 'Vol.', 'vs.', 'etc.', 'Inc.', 'Ltd.', 'Co.', 'Corp.',
  'Gen.', 'Col.', 'Lt.', 'Sgt.', 'Capt.', 'Prof.', 'Rev.', 'Gov.', 'Sen.', 'Rep.', 'approx.', 'ca.', 'c.', 'Jan.', 'Feb.', 'Aug.',
  'Sept.', 'Oct.', 'Nov.', 'Dec.',
]);

/** One source article, cut into the sentences the generator recombines. */
export interface SourceText {
  readonly title: string;
  readonly sentences: readonly string[];
}

/** One generated article, as written to its file. */
export interface GeneratedArticle {
  /** File name in the corpus folder, `000042-<slug>.md`. */
  readonly file: string;
  readonly title: string;
  readonly source: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly paragraphs: readonly string[];
}

/** Options for {@link generateArticles}. */
export interface GenerateOptions {
  /** Passages (paragraphs) wanted in all; the corpus has exactly this many. */
  readonly passages: number;
  readonly seed?: number;
}

/**
 * mulberry32: a tiny, fast, seeded PRNG. Returns a function giving numbers in [0, 1); the same
 * seed always gives the same sequence.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed mixed from several integers, so that article `i` has its own stream. */
function mix(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    h = Math.imul(h ^ (value >>> 0), 0x01000193);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

const between = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/**
 * The `k`-th minted proper name: three syllables ("Kalomar"), four once three are used up.
 * Distinct for distinct `k` up to 40⁴; the permutation spreads neighbouring `k` over the
 * alphabet so that names do not share prefixes in runs.
 */
export function mintName(k: number): string {
  let length = 3;
  let space = SYLLABLES.length ** length;
  let rest = k;
  while (rest >= space) {
    rest -= space;
    length++;
    space = SYLLABLES.length ** length;
  }
  // 7919 is prime and not a factor of 40ⁿ, so multiplying by it (and shifting) permutes 0 … 40ⁿ − 1.
  let code = Number((BigInt(rest) * 7919n + 12_345n) % BigInt(space));
  let name = '';
  for (let i = 0; i < length; i++) {
    name += SYLLABLES[code % SYLLABLES.length];
    code = Math.floor(code / SYLLABLES.length);
  }
  return name[0]!.toUpperCase() + name.slice(1);
}

/**
 * Splits prose into sentences at `.`, `!` or `?` (with closing quotes or brackets) followed by
 * space and a capital, digit or opening quote. Abbreviations ("Dr.", "U.S.") and initials
 * ("William E. Simon") do not end a sentence. Deterministic and dependency-free, so the corpus
 * does not change when the engine's own sentence splitter is tuned.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const boundary = /[.!?]["”’)\]]*\s+(?=["“‘([]?[A-Z0-9])/g;
  let start = 0;
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    const end = match.index + match[0].trimEnd().length;
    const lastWord = text.slice(text.lastIndexOf(' ', match.index) + 1, match.index + 1);
    if (ABBREVIATIONS.has(lastWord) || /^[A-Z]\.$/.test(lastWord) || /\.[A-Za-z]+\.$/.test(lastWord)) continue;
    sentences.push(text.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  const last = text.slice(start).trim();
  if (last) sentences.push(last);
  return sentences;
}

/** Whether a sentence can stand on its own in another paragraph: a sensible length, closed quotes and brackets. */
function isReusable(sentence: string): boolean {
  if (sentence.length < MIN_SENTENCE_CHARS || sentence.length > MAX_SENTENCE_CHARS) return false;
  if (!/^["“‘(]?[A-Z0-9]/.test(sentence) || !/[.!?]["”’)\]]*$/.test(sentence)) return false;
  const count = (char: string) => sentence.split(char).length - 1;
  return count('"') % 2 === 0 && count('“') === count('”') && count('(') === count(')') && count('[') === count(']');
}

/** The source files the corpus is built from: the seed article and every XQuAD article. */
export async function sourceFiles(): Promise<string[]> {
  const xquad = (await readdir(XQUAD_KNOWLEDGE_DIR)).filter((name) => name.endsWith('.md')).sort();
  return [SEED_ARTICLE, ...xquad.map((name) => path.join(XQUAD_KNOWLEDGE_DIR, name))];
}

/**
 * Reads source articles (markdown with front matter, as in a knowledge folder) and cuts them
 * into reusable sentences. Throws naming the file when one does not parse.
 */
export async function loadSources(files?: readonly string[]): Promise<SourceText[]> {
  const sources: SourceText[] = [];
  for (const file of files ?? (await sourceFiles())) {
    const parsed = parseArticle(path.basename(file), await readFile(file));
    if (!parsed.ok) throw new Error(`bench corpus: cannot read ${file}: ${parsed.problems.map((p) => p.problem).join('; ')}`);
    const { article } = parsed;
    const sentences = article.paragraphs.flatMap(splitSentences).filter(isReusable);
    if (sentences.length > 0) sources.push({ title: article.title, sentences });
  }
  if (sources.length === 0) throw new Error('bench corpus: the sources have no usable sentences');
  return sources;
}

/** Capitalised words that may be names: not at the start of the sentence, letters only. */
const CAPITALISED = /(?<=[^.!?"“(\s]\s+)\b[A-Z][a-z]{2,}\b/g;

function title(random: () => number, topic: string, name: string): string {
  switch (between(random, 0, 4)) {
    case 0: return `${topic}: ${name} ${pick(random, TITLE_NOUNS)}`;
    case 1: return `${name} and the ${topic}`;
    case 2: return `What ${name} means for ${topic}`;
    case 3: return `${topic} (${pick(random, TITLE_NOUNS)} from ${name})`;
    default: return `${name}: ${topic}`;
  }
}

/**
 * One article's paragraphs: runs of consecutive sentences from its topic, some sentences taken
 * from any source, then names and numbers changed consistently through the article.
 */
function articleParagraphs(random: () => number, sources: readonly SourceText[], topic: SourceText, paragraphCount: number, names: readonly string[]): string[] {
  const paragraphs: string[][] = [];
  for (let p = 0; p < paragraphCount; p++) {
    const count = between(random, MIN_SENTENCES, MAX_SENTENCES);
    let next = Math.floor(random() * topic.sentences.length);
    const sentences: string[] = [];
    for (let s = 0; s < count; s++) {
      const sentence = random() < OFF_TOPIC_SENTENCE ? pick(random, pick(random, sources).sentences) : topic.sentences[next++ % topic.sentences.length]!;
      if (!sentences.includes(sentence)) sentences.push(sentence);
    }
    paragraphs.push(sentences);
  }

  const renamed = new Map<string, string>();
  let nextName = 0;
  const rename = (word: string) => {
    if (NOT_NAMES.has(word)) return word;
    let replacement = renamed.get(word);
    if (replacement === undefined) {
      // One name per replaced word: two different words sharing a name would merge two entities.
      replacement = nextName < names.length && random() < NAME_SUBSTITUTION ? names[nextName++]! : word;
      renamed.set(word, replacement);
    }
    return replacement;
  };
  const renumber = (digits: string) => {
    if (/^(1[0-9]|20)\d\d$/.test(digits) || random() >= NUMBER_SUBSTITUTION) return digits;
    let changed = digits.length > 1 ? String(between(random, 1, 9)) : '';
    while (changed.length < digits.length) changed += String(between(random, 0, 9));
    return changed;
  };
  return paragraphs.map((sentences) => sentences.map((sentence) => sentence.replace(CAPITALISED, rename).replace(/\d+/g, renumber)).join(' '));
}

/**
 * Generates a corpus of exactly `passages` paragraphs, in articles of 4–10 paragraphs of 2–6
 * sentences (the last article may be shorter). The same sources, seed and passage count always
 * give the same articles.
 */
export function generateArticles(sources: readonly SourceText[], options: GenerateOptions): GeneratedArticle[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const articles: GeneratedArticle[] = [];
  let remaining = options.passages;
  for (let i = 0; remaining > 0; i++) {
    const random = mulberry32(mix(seed, i));
    const topic = pick(random, sources);
    const paragraphCount = Math.min(remaining, between(random, MIN_PARAGRAPHS, MAX_PARAGRAPHS));
    remaining -= paragraphCount;
    const names: string[] = [];
    for (let n = 0; n < NEW_NAMES_PER_ARTICLE; n++) names.push(mintName(i * NEW_NAMES_PER_ARTICLE + n));
    // Earlier names come back with a skew towards the first ones: a few people and places are
    // in the news all year, most appear once.
    for (let n = 0; i > 0 && n < RECURRING_NAMES_PER_ARTICLE; n++) names.push(mintName(Math.floor(i * NEW_NAMES_PER_ARTICLE * random() ** 3)));
    const heading = title(random, topic.title, names[0]!);
    const date = new Date(FIRST_DATE + Math.floor(random() * DAYS_IN_YEAR) * 86_400_000).toISOString().slice(0, 10);
    const source = pick(random, SOURCES);
    const paragraphs = articleParagraphs(random, sources, topic, paragraphCount, names);
    articles.push({ file: `${String(i).padStart(6, '0')}-${slugOf(`${heading}.md`).slice(0, MAX_SLUG_CHARS).replace(/-+$/, '')}.md`, title: heading, source, date, paragraphs });
  }
  return articles;
}

/** An article as a knowledge file: YAML front matter (JSON strings are valid YAML), then paragraphs separated by blank lines. */
export function renderArticle(article: GeneratedArticle): string {
  return `---\ntitle: ${JSON.stringify(article.title)}\nsource: ${JSON.stringify(article.source)}\ndate: ${article.date}\n---\n${article.paragraphs.join('\n\n')}\n`;
}

/** Distinct words (letters and digits, lower case) in some texts: the corpus's vocabulary size. */
export function distinctWords(texts: Iterable<string>): number {
  const words = new Set<string>();
  for (const text of texts) for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) words.add(word);
  return words.size;
}

/** A generated corpus folder. */
export interface Corpus {
  readonly dir: string;
  readonly articles: number;
  readonly passages: number;
  /** Whether it was written now (false: an up-to-date folder was found). */
  readonly generated: boolean;
  /** Time to generate and write it; 0 when it was found. */
  readonly milliseconds: number;
}

interface Stamp {
  readonly version: number;
  readonly seed: number;
  readonly passages: number;
  readonly articles: number;
  /** Hash of the source sentences: a changed source article means a new corpus. */
  readonly sources: string;
}

function sourcesHash(sources: readonly SourceText[]): string {
  const hash = createHash('sha256');
  for (const source of sources) hash.update(`${source.title}\n${source.sentences.join('\n')}\n\n`);
  return hash.digest('hex').slice(0, 16);
}

async function readStamp(dir: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/**
 * Writes a generated corpus into `dir` (created if missing). Refuses to touch a folder that has
 * files but no corpus stamp, so a mistyped `--dir` cannot wipe someone's work.
 */
export async function writeCorpus(dir: string, articles: readonly GeneratedArticle[], stamp: object): Promise<void> {
  let existing: string[] = [];
  try {
    existing = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing.length > 0) {
    if (!existing.includes(STAMP_FILE)) throw new Error(`bench corpus: ${dir} is not empty and is not a generated corpus; choose another folder`);
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < articles.length; i += WRITE_BATCH) {
    await Promise.all(articles.slice(i, i + WRITE_BATCH).map((article) => writeFile(path.join(dir, article.file), renderArticle(article))));
  }
  // Written last: a corpus interrupted while writing has no stamp and is regenerated.
  await writeFile(path.join(dir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
}

/**
 * The corpus folder for a passage count (default `<tmp>/mou-bench/<passages>`), generated when
 * missing or made by another generator version, seed or source text; otherwise left as is.
 */
export async function ensureCorpus(passages: number, options: { dir?: string; seed?: number } = {}): Promise<Corpus> {
  const dir = options.dir ?? path.join(DEFAULT_CORPUS_ROOT, String(passages));
  const seed = options.seed ?? DEFAULT_SEED;
  const started = performance.now();
  const sources = await loadSources();
  const expected = { version: GENERATOR_VERSION, seed, passages, sources: sourcesHash(sources) };
  const found = await readStamp(dir);
  if (found && found.version === expected.version && found.seed === seed && found.passages === passages && found.sources === expected.sources) {
    return { dir, articles: found.articles, passages, generated: false, milliseconds: 0 };
  }
  const articles = generateArticles(sources, { passages, seed });
  await writeCorpus(dir, articles, { ...expected, articles: articles.length } satisfies Stamp);
  return { dir, articles: articles.length, passages, generated: true, milliseconds: performance.now() - started };
}
