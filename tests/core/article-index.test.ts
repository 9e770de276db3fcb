import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ArticleIndex, DEFAULT_RANKING, type RankingOptions } from '../../src/core/search/article-index.js';
import { MAX_QUESTION_CHARS } from '../../src/core/answering/input.js';
import { analyzePassage } from '../../src/core/language/nlp.js';
import { loadArticles, parseArticle } from '../../src/core/articles/article.js';
import type { Answer } from '../../src/core/answering/results.js';
import { MAX_SNIPPET_CHARS } from '../../src/core/answering/snippet.js';
import { openArticleIndex } from '../../src/core/index.js';
import { KNOWLEDGE_DIR, seedIndex } from '../helpers.js';

const paragraphs = (await loadArticles(KNOWLEDGE_DIR)).articles.flatMap((a) => a.paragraphs);
const isVerbatim = (snippet: string) => snippet.split('…').every((part) => paragraphs.some((p) => p.includes(part.trim())));

/** The index of one article, given as the text of its file. */
async function indexOfFile(file: string, text: string): Promise<ArticleIndex> {
  const parsed = parseArticle(file, new TextEncoder().encode(text));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed));
  return ArticleIndex.build({ articles: [parsed.article], ignored: [] });
}

/** The first of the question's ranked sentences (of the ten best) that starts with `start`, as `--explain` shows it. */
function sentenceStarting(index: ArticleIndex, question: string, start: string) {
  return index.explain(question, 10)!.sentences.find((s) => s.text.startsWith(start));
}

function answered(result: ReturnType<ArticleIndex['answer']>): Answer {
  if (result.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
  return result;
}

describe('answer', () => {
  test.each([
    ['Who signed the MoU for Morocco?', 'Abdellatif Loudiyi'],
    ['Who is Morocco’s defense minister?', 'Abdellatif Loudiyi'],
    ['Where did Rajnath Singh visit?', 'Rabat'],
    ['When did King Mohammed VI meet Narendra Modi?', '2015'],
    ['What about maritme securty?', 'maritime security'],
    ['modernisation of security infrastructure', 'modernizing its security infrastructure'],
    ['What pact did India and Morocco sign?', 'MoU'],
    ['what is loudiyi\'s first name', 'Abdellatif Loudiyi'],
    ['Who is the Moroccon defense minster?', 'Abdellatif Loudiyi'],
    ['what does mou stand for', 'Memorandum of Understanding (MoU)'],
  ])('quotes the sentence that answers “%s” first', async (question, expected) => {
    const result = answered((await seedIndex()).answer(question));
    expect(result.snippets[0]!.text).toContain(expected);
  });

  test('cites every snippet with its article title, paragraph and source', async () => {
    const result = answered((await seedIndex()).answer('Who signed the MoU for Morocco?'));
    expect(result.snippets.length).toBeGreaterThanOrEqual(1);
    expect(result.snippets.length).toBeLessThanOrEqual(3);
    for (const snippet of result.snippets) {
      const citation = result.citations.find((c) => c.n === snippet.citation);
      expect(citation).toMatchObject({ slug: 'india-morocco-defence-mou', title: 'India and Morocco sign defence Memorandum of Understanding in Rabat', source: 'Agencies' });
      expect(citation!.passageId).toBe(`india-morocco-defence-mou#${citation!.paragraph}`);
      expect(snippet.text.length).toBeLessThanOrEqual(MAX_SNIPPET_CHARS);
      expect(isVerbatim(snippet.text)).toBe(true);
    }
    expect(result.citations.map((c) => c.n)).toEqual(result.citations.map((_, i) => i + 1));
  });

  test.each([
    'What is the capital of France?',
    'Who won the 2019 cricket world cup?',
    'What is the boiling point of water?',
    'Did Pakistan sign a similar agreement?',
  ])('returns no answer for the off-topic question “%s”, with the closest article', async (question) => {
    const result = (await seedIndex()).answer(question);
    expect(result.kind).toBe('no-answer');
    if (result.kind !== 'no-answer') return;
    expect(result.closestTitles.length).toBeLessThanOrEqual(3);
    expect(result.message).toMatch(/^I could not find a confident answer in the articles/);
  });

  test('says why the closest passage does not answer when its confidence says so: it speaks of someone else\'s role', async () => {
    const result = (await seedIndex()).answer('who is the prime minister of morocco');
    expect(result).toMatchObject({ kind: 'no-answer', unknownWords: [] });
    expect(result.kind === 'no-answer' && result.message).toBe('I could not find a confident answer in the articles: the closest passage speaks of someone else’s “minister”.');
  });

  test('ranks the snippet that speaks of the role asked above one that speaks of someone else\'s', async () => {
    const index = await seedIndex();
    const result = index.answer('who is the Moroccan defence minister?');
    if (result.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
    expect(result.snippets[0]!.text).toContain('Abdellatif Loudiyi');
    expect(index.withRanking({ otherOwnerWeight: 0 }).answer('who is the Moroccan defence minister?').kind).toBe('no-answer');
  });

  test('reads a question that ends with its verb\'s preposition as asking what follows them in the article', async () => {
    const index = await seedIndex();
    const slotOf = (question: string, text: string) => index.explain(question, 40)!.sentences.find((s) => s.text.includes(text))!.parts.slot;
    expect(slotOf('who did rajnath sign the mou with', 'signed with Morocco’s Defence Minister')).toBe(DEFAULT_RANKING.slotWeight);
    expect(slotOf('who did rajnath sign the mou with', 'with the signing of a landmark')).toBe(0);
    // What follows must be of the kind asked: "expanded in trade" does not say which region.
    expect(slotOf('what region is india trying to expand in', 'expanded in trade')).toBe(0);
    expect(slotOf('what have ties expanded in', 'expanded in trade')).toBe(DEFAULT_RANKING.slotWeight);
  });

  test('counts the one who did what a "who did X … with" question asks about as said by every snippet', async () => {
    const index = await seedIndex();
    // The lead names Rajnath Singh and the signing, not whom he signed with.
    for (const question of ['who did rajnath sign the mou with', 'Who did Singh sign the MoU with?']) {
      const result = index.answer(question);
      expect(result.kind === 'answer' && result.snippets[0]!.text).toContain('Abdellatif Loudiyi');
    }
    const loudiyi = index.explain('who did rajnath sign the mou with', 40)!.sentences.find((s) => s.text.startsWith('The MoU, signed with'))!;
    const alone = index.explain('who signed the mou with', 40)!.sentences.find((s) => s.text.startsWith('The MoU, signed with'))!;
    // Rajnath counts as held there, so the sentence covers the question as fully as without his name.
    expect(loudiyi.coverage).toBeCloseTo(alone.coverage, 5);
  });

  test('reads what follows the verb and its preposition within the snippet only', async () => {
    const index = await indexOfFile('talks.md', '---\ntitle: Harbour talks\n---\n\nOfficials met with reporters. Karim Benali arrived later.\n');
    const parts = (text: string) => index.explain('who did officials meet with', 40)!.sentences.find((s) => s.text === text)!.parts;
    expect(parts('Officials met with reporters.').slot).toBe(0);
    expect(parts('Officials met with reporters. Karim Benali arrived later.').slot).toBe(DEFAULT_RANKING.slotWeight);
  });

  test('favours the name of the kind asked that follows a name of the question, with only a title between', async () => {
    const index = await seedIndex();
    const kindOf = (question: string, text: string) => index.explain(question, 40)!.sentences.find((s) => s.text.includes(text))!.parts.kind;
    const { kindWeight, boundNameWeight } = DEFAULT_RANKING;
    expect(kindOf('who signed for morocco', 'Morocco’s Defence Minister Abdellatif Loudiyi')).toBeCloseTo(kindWeight + boundNameWeight, 6);
    expect(kindOf('who signed for morocco', 'India and Morocco have taken')).toBeCloseTo(kindWeight, 6);
    expect(kindOf('morocco defence minister name', 'Morocco’s Defence Minister Abdellatif Loudiyi')).toBeCloseTo(kindWeight + boundNameWeight, 6);
    // "Where" wants a place, and a role asked for must be the one the name holds.
    expect(kindOf('where did morocco sign', 'Morocco’s Defence Minister Abdellatif Loudiyi')).toBeLessThan(kindWeight + boundNameWeight);
    expect(kindOf('who is morocco\'s king', 'Morocco’s Defence Minister Abdellatif Loudiyi')).toBeLessThan(kindWeight + boundNameWeight);
  });

  test('favours, for "how many", the number that counts what is asked: the noun follows it closely', async () => {
    const index = await indexOfFile('stores.md', '---\ntitle: Hartwell closures\n---\n\nHartwell will close 38 of its 112 stores by January. The stores employ 900 people across six states.\n');
    const kindOf = (question: string, text: string) => index.explain(question, 40)!.sentences.find((s) => s.text === text)!.parts.kind;
    const { kindWeight, boundNameWeight } = DEFAULT_RANKING;
    expect(kindOf('how many hartwell stores are closing', 'Hartwell will close 38 of its 112 stores by January.')).toBeCloseTo(kindWeight + boundNameWeight, 6);
    // A number that counts something else ("900 people") answers, but is not bound to the stores.
    expect(kindOf('how many hartwell stores are closing', 'The stores employ 900 people across six states.')).toBeCloseTo(kindWeight, 6);
    expect(kindOf('how many people are employed at the stores', 'The stores employ 900 people across six states.')).toBeCloseTo(kindWeight + boundNameWeight, 6);
  });

  test('reads a typo of the role asked, even one that is an English word ("minster"), as the role', async () => {
    const explained = (await seedIndex()).explain('Who is the Moroccon defense minster?', 40)!;
    const partsOf = (text: string) => explained.sentences.find((s) => s.text.includes(text))!.parts;
    expect(partsOf('signed with Morocco’s Defence Minister').asked).toBe(DEFAULT_RANKING.askedWeight);
    expect(partsOf('India and Morocco have taken').asked).toBe(-DEFAULT_RANKING.otherOwnerWeight);
  });

  test('reads a possessive as its word: "India\'s defence minister" is the Indian one', async () => {
    const index = await seedIndex();
    const result = index.answer('who is india\'s defence minister?');
    if (result.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
    expect(result.snippets[0]!.text).toContain('Rajnath Singh');
    expect(Object.keys(index.explain('who is india\'s defence minister?')!.terms[0]!.matches)).toContain('indian');
  });

  test('names the words no article mentions', async () => {
    const result = (await seedIndex()).answer('Who won the 2019 cricket world cup?');
    expect(result).toMatchObject({ kind: 'no-answer', unknownWords: ['won', '2019', 'cricket', 'world', 'cup'] });
  });

  test.each([
    ['', 'Please type a question'],
    ['   \n\t ', 'Please type a question'],
    ['what is it?', 'only has common words'],
    ['?!… 🤔🤔', 'I need some words to search for'],
    ['x'.repeat(MAX_QUESTION_CHARS + 1), `the limit is ${MAX_QUESTION_CHARS}`],
    ['@everyone', 'I need some words to search for'],
    ['भारत और मोरक्को ने क्या समझौता किया?', 'I can only read questions in English'],
    ['does the article have a date', '/mou sources lists each article'],
    ['who is mentioned in the story', 'only has common words'],
    ['https://evil.example/x', 'I do not open links'],
    ['what is www.mod.gov.in', 'I do not open links'],
  ])('explains politely why %j cannot be searched', async (question, message) => {
    const result = (await seedIndex()).answer(question);
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.message).toContain(message);
  });

  test('reads an English question that names someone in another script, and search terms in any script', async () => {
    const index = await seedIndex();
    for (const question of ['what did Абдельлатиф Лудийи say', 'who is 纳伦德拉·莫迪']) {
      expect(index.answer(question)).toMatchObject({ kind: 'no-answer', unknownWords: expect.arrayContaining([expect.stringMatching(/^\P{Script=Latin}+$/u)]) });
    }
    expect(index.search('Лудийи').kind).toBe('search');
  });

  test('ignores markdown, mentions and @everyone inside a question', async () => {
    const index = await seedIndex();
    const plain = answered(index.answer('Who signed the MoU for Morocco?'));
    const marked = answered(index.answer('@everyone **Who** signed the `MoU` for <@123456789012345678> Morocco?'));
    expect(marked.snippets).toEqual(plain.snippets);
    expect(marked.question).toBe('Who signed the MoU for Morocco?');
    const linked = answered(index.answer('Who signed the MoU for Morocco? https://evil.example/x <https://evil.example/y> www.evil.example'));
    expect(linked.snippets).toEqual(plain.snippets);
    expect(linked.question).toBe('Who signed the MoU for Morocco?');
  });
});

describe('answer, about some of the question\'s words', () => {
  test('declines, naming them, when no sentence it would show holds one of them; function words do not count', async () => {
    const index = await seedIndex();
    const question = 'Who signed the MoU for Morocco? tourism';
    expect(index.answer(question).kind).toBe('answer');
    expect(index.answer(question, { about: ['tourism'] })).toMatchObject({ kind: 'no-answer', message: 'I could not find a confident answer about “tourism” on this subject.' });
    const plain = index.answer('Who signed the MoU for Morocco herself');
    expect(index.answer('Who signed the MoU for Morocco herself', { about: ['herself'] })).toEqual(plain);
  });

  test('puts first the snippets that speak of them, of those it would show anyway, whatever their case', async () => {
    const index = await seedIndex();
    const question = 'Who signed the MoU for Morocco? Rabat';
    const plain = index.answer(question);
    const about = index.answer(question, { about: ['rabat'] });
    if (plain.kind !== 'answer' || about.kind !== 'answer') throw new Error('expected answers');
    expect(plain.snippets[0]!.text).not.toContain('Rabat');
    expect(about.snippets[0]!.text).toContain('visit to Rabat');
    expect(about.snippets.map((s) => s.text).sort()).toEqual(plain.snippets.map((s) => s.text).sort());
  });
});

describe('answer, within one article', () => {
  test('answers from that article alone, whatever the others hold; an article that is not there changes nothing', async () => {
    const index = await openArticleIndex(fileURLToPath(new URL('../bot/fixtures/', import.meta.url)));
    const plain = answered(index.answer('when does it open'));
    expect(plain.snippets[0]!.text).toContain('plant approved by the council');
    const within = answered(index.answer('when does it open', { within: 'container-terminal' }));
    expect(within.snippets[0]!.text).toContain('opened a second container terminal');
    expect(new Set(within.citations.map((c) => c.slug))).toEqual(new Set(['container-terminal']));
    expect(index.answer('when does it open', { within: 'gone' })).toEqual(plain);
  });
});

describe('answer, with the text after the best snippet', () => {
  test('shows the best sentence with the one after it when both fit in one snippet', async () => {
    const index = await seedIndex();
    let checked = 0;
    for (const question of ['Who signed the MoU?', 'What does the agreement cover?', 'Where was the MoU signed?', 'What about counter-terrorism?', 'What comes next?', 'Who is the defence minister of Morocco?', 'When did the Moroccan king meet Modi?', 'Which areas did ties expand in since 2015?']) {
      const best = index.explain(question, 1)?.sentences[0]?.text;
      const result = index.answer(question);
      if (best === undefined || result.kind !== 'answer') continue;
      const paragraph = paragraphs.find((text) => text.includes(best))!;
      const { sentences } = analyzePassage(paragraph);
      const at = paragraph.indexOf(best);
      const k = [...sentences].findIndex((offset, i) => i % 2 === 0 && offset === at);
      // Only a single best sentence with a next one that fits is extended.
      if (k < 0 || sentences[k + 1] !== at + best.length || k + 3 >= sentences.length || sentences[k + 3]! - at > MAX_SNIPPET_CHARS) continue;
      expect(result.snippets[0]!.text).toBe(paragraph.slice(at, sentences[k + 3]));
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  test('shows the sentence after the best snippet second when it scores at least continuationScore of the best', async () => {
    const text = '---\ntitle: Harbour business\n---\n\nThe Coastal Lantern Company, a workshop on the old quay, was founded by Mara Vell in 1998 after she returned from a decade of fishing in the North Sea. '
      + 'The company built solar lamps for fishing villages along the coast, sold them at cost through the co-operative, and trained young people from the villages to repair them.\n\nMara Vell founded a second company, Vell Boats, in 2005.\n';
    const index = await indexOfFile('harbour.md', text);
    const question = 'Who founded the Coastal Lantern Company?';
    const always = answered(index.withRanking({ continuationScore: 0 }).answer(question));
    expect(always.snippets.slice(0, 2).map((s) => s.text)).toEqual([
      'The Coastal Lantern Company, a workshop on the old quay, was founded by Mara Vell in 1998 after she returned from a decade of fishing in the North Sea.',
      'The company built solar lamps for fishing villages along the coast, sold them at cost through the co-operative, and trained young people from the villages to repair them.',
    ]);
  });
});

describe('words of the article title', () => {
  test('count as found in every sentence, so the question’s other words choose the sentence', async () => {
    const text = '---\ntitle: Harbour Lights Festival in Portmere\n---\n\nThe Harbour Lights Festival in Portmere opened on Friday with a parade.\n\n'
      + 'Crowds filled the quay all weekend. The lantern boats were launched at dusk on Saturday, from the old pier.\n';
    const index = await indexOfFile('festival.md', text);
    const question = 'When were the lantern boats of the Harbour Lights Festival in Portmere launched?';
    const result = answered(index.answer(question));
    expect(result.snippets[0]!.text).toBe('The lantern boats were launched at dusk on Saturday, from the old pier.');
    // The title counts for the score only: a sentence's coverage is still what it holds itself.
    const crowds = index.explain(question, 10)!.sentences.find((s) => s.text === 'Crowds filled the quay all weekend.');
    expect(crowds?.coverage).toBe(0);
  });
});

describe('words of the article title, in paragraphs searched less well', () => {
  test('count as close in meaning there too, so a paragraph far down the search is not demoted for lacking them', async () => {
    // Six paragraphs that repeat the question's words search better than the one that answers,
    // which is past the five that get word-by-word closeness.
    const others = Array.from({ length: 6 }, (_, i) => `Lantern boats, lantern makers and lantern boat crews of Portmere met on day ${i + 1}; the lantern boats of Portmere were admired.`);
    const text = `---\ntitle: Lantern boats of the Harbour Lights Festival in Portmere\n---\n\n${others.join('\n\n')}\n\nThe fleet was launched at dusk on Saturday, from the old pier.\n`;
    const index = (await indexOfFile('festival.md', text)).withRanking({ meaningPassages: 5 });
    const question = 'When were the lantern boats of Portmere launched?';
    const sentences = index.explain(question, 20)!.sentences;
    const launched = sentences.find((s) => s.text === 'The fleet was launched at dusk on Saturday, from the old pier.')!;
    expect(launched.search).toBeLessThan(Math.min(...sentences.filter((s) => s.text.startsWith('Lantern boats')).map((s) => s.search)));
    // Every word of the question is in the title or the sentence: all of the meaning part.
    expect(launched.parts.meaning).toBeCloseTo(DEFAULT_RANKING.meaningWeight, 6);
    // What --explain shows adds up to the score.
    expect(Object.values(launched.parts).reduce((sum, part) => sum + part, 0)).toBeCloseTo(launched.score, 9);
    expect(answered(index.answer(question)).snippets[0]!.text).toBe('The fleet was launched at dusk on Saturday, from the old pier.');
  });
});

describe('a question that wants a name of some kind', () => {
  test('finds its answer only in a name WordNet does not know as something else', async () => {
    const text = '---\ntitle: Trade talks\n---\n\nThe trade talks were held in Rabat last week.\n\n'
      + 'The trade talks were praised by Morocco last week.\n\nThe trade talks were praised by Halvorsen Shipping last week.\n';
    const index = await indexOfFile('talks.md', text);
    const kindOf = (question: string, start: string) => sentenceStarting(index, question, start)?.kind;
    expect(kindOf('Which city held the trade talks?', 'The trade talks were held in Rabat')).toBe(true);
    expect(kindOf('Which city praised the trade talks?', 'The trade talks were praised by Morocco')).toBe(false);
    expect(kindOf('Which country praised the trade talks?', 'The trade talks were praised by Morocco')).toBe(true);
    // A name WordNet does not list may be of any kind.
    expect(kindOf('Which company praised the trade talks?', 'The trade talks were praised by Halvorsen')).toBe(true);
  });

  test('is not an English word in capitals because it opens a sentence ("Counter-terrorism was …")', async () => {
    const text = '---\ntitle: Trade talks\n---\n\nCounter-terrorism was at the forefront of the talks between both countries.\n\n'
      + 'The talks were hosted by Apple in the capital.\n';
    const index = await indexOfFile('talks.md', text);
    const kindOf = (question: string, start: string) => sentenceStarting(index, question, start)?.kind;
    expect(kindOf('Which countries were at the forefront of the talks?', 'Counter-terrorism')).toBe(false);
    // Inside a sentence, a word in capitals is a name: a company may be called "Apple".
    expect(kindOf('Which company hosted the talks?', 'The talks were hosted')).toBe(true);
  });
});

describe('a question that counts', () => {
  test('"how many" is not answered by a share or a sum of money, "how much" may be', async () => {
    const text = '---\ntitle: Orbitale to cut jobs\n---\n\nShares in Orbitale rose 3.4% after the announcement.\n\nOrbitale will pay $12 million in redundancy costs.\n';
    const index = await indexOfFile('orbitale.md', text);
    const kindOf = (question: string, start: string) => sentenceStarting(index, question, start)?.kind;
    expect(kindOf('how many jobs is orbitale cutting', 'Shares in Orbitale')).toBe(false);
    expect(kindOf('how many jobs is orbitale cutting', 'Orbitale will pay')).toBe(false);
    expect(kindOf('how much will orbitale pay', 'Orbitale will pay')).toBe(true);
  });
  test('"how old" and "at what age" are answered only by a number that reads as an age', async () => {
    const text = '---\ntitle: Market opens\n---\n\nThe market run by the mayor opened in 1998 and has 120 stalls.\n\n'
      + 'The mayor, Ana Lund, 44, spoke at the opening.\n\nHer deputy, a 39-year-old architect, cut the ribbon.\n\nShe took up sailing at the age of 12.\n';
    const index = await indexOfFile('market.md', text);
    const kindOf = (question: string, start: string) => sentenceStarting(index, question, start)?.kind;
    expect(kindOf('how old is the mayor', 'The market run by the mayor')).toBe(false);
    expect(kindOf('how old is the mayor', 'The mayor, Ana Lund, 44')).toBe(true);
    expect(kindOf('how old is the deputy', 'Her deputy, a 39-year-old')).toBe(true);
    expect(kindOf('at what age did she take up sailing', 'She took up sailing')).toBe(true);
    expect(kindOf('how many stalls does the market have', 'The market run by the mayor')).toBe(true);
  });
});

describe('answer, naming the words no article mentions', () => {
  test('names only the words the member typed, when told them', async () => {
    const index = await seedIndex();
    expect(index.answer('when did rajnath sign the zorblax')).toMatchObject({ kind: 'no-answer', message: expect.stringContaining('“zorblax”') });
    const typed = index.answer('when did rajnath sign the zorblax', { typed: ['when', 'sign'] });
    expect(typed.kind).toBe('no-answer');
    if (typed.kind !== 'no-answer') return;
    expect(typed.message).not.toContain('zorblax');
    expect(typed.unknownWords).toEqual(['zorblax']);
  });
});

describe('"which" and a noun: a name of that sort', () => {
  const text = [
    '---\ntitle: Comet found\n---\n',
    'Astronomers using a survey telescope in Chile found a comet passing through the solar system.',
    'The comet was first seen in images taken by the Llano Alto Survey Telescope on February 26.',
    'The Trent Valley Telescopes Trust paid for the telescope, at the port of Antofagasta.',
    'A second telescope, the Cerro Ventana Reflector, confirmed the comet, as the religion of France once spread.',
    'Data went to Cerro Pachón, a mountain observatory in Chile, and on to Santiago, where the comet drew crowds.',
  ].join('\n\n');

  test('is one whose name ends or opens with the noun, that follows it after a comma or a place\'s "of", or that it describes after a comma', async () => {
    const index = await indexOfFile('comet.md', text);
    const kindOf = (question: string, start: string) => sentenceStarting(index, question, start)?.parts.kind;
    const { kindWeight, boundNameWeight } = DEFAULT_RANKING;
    expect(kindOf('which telescope found the comet', 'The comet was first seen')).toBeCloseTo(kindWeight + boundNameWeight, 6);
    expect(kindOf('which telescope confirmed the comet', 'A second telescope')).toBeCloseTo(kindWeight + boundNameWeight, 6);
    // The noun alone names none; in "Trent Valley Telescopes Trust" it only says what sort of trust.
    expect(kindOf('which telescope found the comet', 'Astronomers using')).toBe(0);
    expect(kindOf('which telescope paid for the comet', 'The Trent Valley')).toBe(0);
    expect(kindOf('which port is the telescope at', 'The Trent Valley')).toBeCloseTo(kindWeight + boundNameWeight, 6);
    expect(kindOf('which religion spread with the comet', 'A second telescope')).toBe(0);
    expect(kindOf('which observatory got the comet data', 'Data went to')).toBeCloseTo(kindWeight + boundNameWeight, 6);
    expect(kindOf('which crowds saw the comet data', 'Data went to')).toBe(0);
    // A name holding only a relative of the noun ("Telescope" for "scope") is not named as one.
    expect(kindOf('which scope found the comet', 'The comet was first seen')).toBe(0);
  });
});

describe('a question about what is yet to happen', () => {
  test('"when is the next …" is not answered by the date of what already happened', async () => {
    const text = '---\ntitle: Tram drivers strike\n---\n\nTram drivers went on strike on 3 March over rosters.\n\nThe union plans a second tram strike on 28 April. Another tram strike began in 2019.\n\nBus drivers will strike for 48 hours from 12 May.\n\nA third tram strike runs from 2 June.\n';
    const index = await indexOfFile('trams.md', text);
    const kindOf = (question: string, start: string) => sentenceStarting(index, question, start)?.kind;
    expect(kindOf('when is the next tram strike', 'Tram drivers went on strike')).toBe(false);
    expect(kindOf('when is the next tram strike', 'The union plans')).toBe(true);
    expect(kindOf('when is the next tram strike', 'Another tram strike')).toBe(false);
    expect(kindOf('when will the drivers strike', 'Bus drivers will strike')).toBe(true);
    // A date that starts what it dates may lie ahead, whatever its sentence's tense.
    expect(kindOf('when is the next tram strike', 'A third tram strike')).toBe(true);
    // A question about the past takes any date.
    expect(kindOf('when did the tram drivers strike', 'Tram drivers went on strike')).toBe(true);
    expect(kindOf('when did the tram drivers strike', 'Another tram strike')).toBe(true);
  });
});

describe('a name that holds a word of the question', () => {
  test('is next to it: "Mayor Ada Lindqvist" answers "who is the mayor"', async () => {
    const text = '---\ntitle: Council vote\n---\n\nThe plan passed easily after a long and heated debate in the chamber, said Mayor Ada Lindqvist.\n';
    const index = await indexOfFile('buses.md', text);
    expect(index.explain('who is the mayor of Portmere', 10)!.sentences[0]!.kind).toBe(true);
  });
});

describe('the first sentence of a paragraph', () => {
  const scoreWhen = async (question: string, paragraph: string, ranking: Partial<RankingOptions> = {}) => {
    const index = (await indexOfFile('bakery.md', `---\ntitle: Local business\n---\n\n${paragraph}\n`)).withRanking(ranking);
    return index.explain(question, 10)!.sentences.find((s) => s.text === 'The shop sold rye bread.')!.score;
  };

  // The same words in the paragraph either way; only where the name or word stands differs.
  test('lends its names to the later sentences, which speak of them', async () => {
    const question = 'What did Harriet Vane’s shop sell?';
    const first = await scoreWhen(question, 'Harriet Vane opened a bakery in Portmere. The shop sold rye bread. It stayed open for years.');
    const last = await scoreWhen(question, 'A bakery opened in Portmere. The shop sold rye bread. Harriet Vane kept it open for years.');
    expect(first).toBeGreaterThan(last);
  });

  test('lends its other words too, at leadWordsWeight', async () => {
    const question = 'What did the shop of the Portmere bakery sell?';
    const first = (ranking?: Partial<RankingOptions>) => scoreWhen(question, 'A bakery opened in Portmere. The shop sold rye bread. It stayed open for years.', ranking);
    const last = await scoreWhen(question, 'Someone opened it in Portmere. The shop sold rye bread. The bakery stayed open for years.');
    expect(await first()).toBeGreaterThan(last);
    expect(await first({ leadWordsWeight: 0 })).toBeLessThan(await first());
    expect(await first()).toBeLessThan(await first({ leadWordsWeight: 1 }));
  });
});

describe('a sentence that refers back', () => {
  const text = '---\ntitle: Season review\n---\n\nThe Riverside club had a good season. Mara Quinlan won the regional chess title in March. '
    + 'She is also the youngest champion in the club’s history, at 14. The club will host the national final next year.\n\n'
    + 'The club meets every Tuesday in the library.\n';
  const index = () => indexOfFile('season.md', text);

  test('with a pronoun covers the words of the sentence before it, the pronoun’s antecedent', async () => {
    // "She" and "is" are stop words: both sentences have the same index words, and only the
    // pronoun ties the first to "regional" in the sentence before (not a name, not the first).
    const scoreOf = async (sentence: string) => {
      const text = `---\ntitle: Season review\n---\n\nThe Riverside club had a good season. Mara Quinlan won the regional chess title. ${sentence}\n`;
      const index = await indexOfFile('season.md', text);
      return index.explain('youngest regional champion', 10)!.sentences.find((s) => s.text === sentence)!.score;
    };
    expect(await scoreOf('She is also the youngest champion.')).toBeGreaterThan(await scoreOf('Also the youngest champion.'));
  });

  test('with “this …” also covers the words of the sentence before it', async () => {
    const scoreOf = async (determiner: string) => {
      const text = '---\ntitle: Publishing news\n---\n\nAlder Press prints school books. In 2019, its owner Dana Whitfield proposed a merger '
        + `with the Birch Media group. As part of ${determiner} merger, Birch would have received $5 million in cash. The plan was dropped a year later.\n`;
      const index = await indexOfFile('publishing.md', text);
      const sentences = index.explain('How much cash would Birch receive from Whitfield?', 10)!.sentences;
      return sentences.find((s) => s.text === `As part of ${determiner} merger, Birch would have received $5 million in cash.`)!.score;
    };
    // "Whitfield" is only in the sentence before; "this merger" is the one it names.
    expect(await scoreOf('this')).toBeGreaterThan(await scoreOf('a'));
  });

  test('is shown after the sentence before it, which names whom it speaks of', async () => {
    const result = answered((await index()).answer('youngest champion in club history'));
    expect(result.snippets[0]!.text).toBe('Mara Quinlan won the regional chess title in March. She is also the youngest champion in the club’s history, at 14.');
  });
});

describe('closeness in meaning', () => {
  const indexOf = (paragraphs: readonly string[]) => indexOfFile('awards.md', `---\ntitle: Club dinner\n---\n\n${paragraphs.join('\n\n')}\n`);

  // Neither sentence holds "tackles"; by the words alone they tie. "Sacks" is close to it in
  // meaning, "votes" is not, whichever comes first.
  test.each([
    [['Leo Brandt won the award for the most votes.', 'Sam Okafor won the award for the most sacks.']],
    [['Leo Brandt won the award for the most sacks.', 'Sam Okafor won the award for the most votes.']],
  ])('ranks the sentence with a word close in meaning to the question’s first: %j', async (paragraphs) => {
    const index = await indexOf(['The club gave out two awards at its dinner.', ...paragraphs]);
    const question = 'Who won the award for the most tackles?';
    const [first, second] = index.explain(question)!.sentences;
    expect(first!.text).toContain('sacks');
    expect(first!.score).toBeGreaterThan(second!.score);
    const [tied, other] = index.withRanking({ meaningWeight: 0 }).explain(question)!.sentences;
    expect(tied!.score).toBe(other!.score);
  });

  test('counts as evidence that the articles answer a question put in other words', async () => {
    const index = await indexOf([
      'The towns of Portmere and Keswold signed a rescue agreement on Monday.',
      'Their lifeboat crews will hold joint exercises every spring and share radio technology.',
    ]);
    // "teams" and "drills" are neither in the article nor WordNet relatives of its words.
    const question = 'Will the rescue teams hold drills?';
    const result = answered(index.answer(question));
    expect(result.snippets[0]!.text).toBe('Their lifeboat crews will hold joint exercises every spring and share radio technology.');
    expect(index.withRanking({ meaningEvidence: 0 }).answer(question).kind).toBe('no-answer');
    expect(index.answer('Who won the football match?').kind).toBe('no-answer');
  });
});

describe('summarize', () => {
  test('summarises the article in 3–5 cited, verbatim sentences under 900 characters, lead first', async () => {
    const summary = (await seedIndex()).summarize('india-morocco-defence-mou')!;
    expect(summary.snippets.length).toBeGreaterThanOrEqual(3);
    expect(summary.snippets.length).toBeLessThanOrEqual(5);
    expect(summary.snippets.reduce((n, s) => n + s.text.length, 0)).toBeLessThanOrEqual(900);
    expect(summary.snippets[0]!.text).toMatch(/^India and Morocco have taken a significant step/);
    for (const snippet of summary.snippets) {
      expect(isVerbatim(snippet.text)).toBe(true);
      expect(summary.citations.some((c) => c.n === snippet.citation)).toBe(true);
    }
    const paragraphsCited = summary.citations.map((c) => c.paragraph);
    expect(paragraphsCited).toEqual([...paragraphsCited].sort((a, b) => a - b));
    expect(new Set(paragraphsCited).size).toBe(paragraphsCited.length);
  });

  test('opens with the article\'s lead even when it is longer than other quoted sentences', async () => {
    const lead = 'HARBOURTON, Maine — After three hours of public comment and a failed amendment from the two members who wanted the flood wall built first, the Harbourton town council voted 5-2 late on Tuesday to approve a $42 million plan to rebuild the storm-damaged ferry pier, widen the harbour road and add a flood wall along the waterfront by 2028.';
    expect(lead.length).toBeGreaterThan(300);
    const body = ['The pier was damaged by two winter storms and has been closed to heavy lorries since January.', 'Work is due to start in May and to last about eighteen months, the harbour master said.', 'Councillor Ruth Okoye voted against the plan, saying the flood wall should come first.'];
    const index = await indexOfFile('harbourton.md', `---\ntitle: Harbourton approves pier plan\n---\n\n${lead}\n\n${body.join('\n\n')}\n`);
    const summary = index.summarize('harbourton')!;
    expect(summary.snippets[0]!.text).toBe(lead);
    expect(summary.snippets.length).toBeGreaterThanOrEqual(2);
    expect(summary.snippets.reduce((n, s) => n + s.text.length, 0)).toBeLessThanOrEqual(900);
  });

  test('quotes no sentence that needs the one before it to say who: a quotation, or one opening with a pronoun', async () => {
    const lead = 'HAARLEM, Netherlands — Thieves broke into a small museum in Haarlem early on Sunday and escaped with more than 200 gold coins, police said.';
    const body = [
      'The alarm went off at 3.12am and officers arrived within six minutes, by which time the thieves had gone. The museum director, Anneke de Vries, said the coins formed the heart of its permanent exhibition.',
      '"Every single coin matters to this town," de Vries said. She declined to say whether any forensic evidence had been found at the scene.',
      'Police have appealed for dashcam footage from the streets around the museum between 2am and 4am.',
    ];
    const index = await indexOfFile('haarlem.md', `---\ntitle: Haarlem museum theft\n---\n\n${lead}\n\n${body.join('\n\n')}\n`);
    const quoted = index.summarize('haarlem')!.snippets.map((s) => s.text);
    expect(quoted[0]).toBe(lead);
    expect(quoted.length).toBeGreaterThanOrEqual(2);
    expect(quoted.filter((text) => /^(?:"|She\b)/.test(text))).toEqual([]);
  });

  test('quotes a sentence of each of the newest articles in a summary of several, however long their leads', async () => {
    const article = (town: string, day: number) => {
      const lead = `${town.toUpperCase()} — After a long night of public comment and two failed amendments from members who wanted the work phased over a decade, the ${town} council voted 5-2 on Tuesday to approve a plan to rebuild the storm-damaged ferry pier, widen the harbour road, add a flood wall and move the bus depot inland by 2029.`;
      const body = `The ${town} pier has been closed to heavy lorries since January after two winter storms. Work on the ${town} flood wall is due to start in May.`;
      const parsed = parseArticle(`${town}.md`, new TextEncoder().encode(`---\ntitle: ${town} approves pier plan\ndate: 2025-03-0${day}\n---\n\n${lead}\n\n${body}\n`));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed));
      expect(lead.length).toBeGreaterThan(300);
      return parsed.article;
    };
    const index = await ArticleIndex.build({ articles: [article('Harbourton', 1), article('Eastwick', 2), article('Millbrook', 3)], ignored: [] });
    const summary = index.summarize()!;
    expect(new Set(summary.citations.map((c) => c.slug))).toEqual(new Set(['harbourton', 'eastwick', 'millbrook']));
  });

  test('covers more than the opening paragraphs', async () => {
    const summary = (await seedIndex()).summarize()!;
    expect(Math.max(...summary.citations.map((c) => c.paragraph))).toBeGreaterThanOrEqual(6);
  });

  test('returns undefined for an unknown article', async () => {
    expect((await seedIndex()).summarize('no-such-article')).toBeUndefined();
  });
});

describe('search', () => {
  test('lists matching passages with excerpts and citations', async () => {
    const results = (await seedIndex()).search('cyber defence');
    expect(results.kind).toBe('search');
    if (results.kind !== 'search') return;
    expect(results.hits[0]!.text).toContain('cyber defence');
    expect(results.citations[0]).toMatchObject({ paragraph: 5 });
  });

  test('returns no hits for words no article holds', async () => {
    expect((await seedIndex()).search('zebra giraffe')).toMatchObject({ kind: 'search', hits: [] });
  });
});

describe('completeQuestion', () => {
  test('completes the last word with words of the articles', async () => {
    const completions = (await seedIndex()).completeQuestion('What about mari', 5);
    expect(completions).toContain('What about maritime');
  });

  test('offers nothing for a one-letter word', async () => {
    expect((await seedIndex()).completeQuestion('What about m', 5)).toEqual([]);
  });
});

describe('sources', () => {
  test('lists each article with its passage count, and the version', async () => {
    const index = await seedIndex();
    expect(index.sources()).toEqual([
      { slug: 'india-morocco-defence-mou', title: 'India and Morocco sign defence Memorandum of Understanding in Rabat', source: 'Agencies', passages: 9 },
    ]);
    expect(index.version).toMatchObject({ articles: 1, passages: 9 });
    expect(index.version.hash).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('ArticleIndex.build', () => {
  test('gives the same answers whether the search index is built in one step or passage by passage', async () => {
    const { XQUAD_DIR } = await import('../helpers.js');
    const knowledge = await loadArticles(XQUAD_DIR);
    const [sliced, bulk] = await Promise.all([ArticleIndex.build(knowledge), ArticleIndex.build(knowledge, { bulk: true })]);
    const questions = ['Who won Super Bowl 50?', 'When did Tesla die?', 'What is the Amazon rainforest?', 'How many points did the Panthers defense surrender?'];
    for (const question of questions) expect(bulk.answer(question)).toEqual(sliced.answer(question));
    expect(bulk.version.hash).toBe(sliced.version.hash);
  });
});

describe('a knowledge base with words in thousands of passages', () => {
  test('asks for something more specific when every word of the question is everywhere', async () => {
    const { MAX_INDEXED_DF } = await import('../../src/core/search/article-index.js');
    const paragraphs = Array.from({ length: MAX_INDEXED_DF + 100 }, (_, i) => `The harbour handled cargo number ${i} on a quiet day.`);
    paragraphs.push('The harbour master, Ines Albarracin, opened the new quay.');
    const article = { slug: 'port-log', title: 'Port log', file: 'port-log.md', hash: 'x', paragraphs };
    const index = await ArticleIndex.build({ articles: [article], ignored: [] }, { bulk: true });
    const vague = index.answer('harbour cargo');
    expect(vague).toMatchObject({ kind: 'no-answer' });
    expect(vague.kind === 'no-answer' && vague.message).toBe(`I could not find a confident answer: every word of the question is in more than ${MAX_INDEXED_DF.toLocaleString('en')} passages. Please add something more specific (a name, a place, a date).`);
    const specific = index.answer('Who is the harbour master?');
    expect(specific.kind === 'answer' && specific.snippets[0]!.text).toContain('Ines Albarracin');
  });
});

describe('answer, when a date or number is asked for', () => {
  test('says that the quoted passages give none', async () => {
    const result = (await seedIndex()).answer('When was the MoU signed?');
    expect(result).toMatchObject({ kind: 'answer', note: 'None of these passages gives the date or time you asked for.' });
  });

  test('declines a question that names the unit it wants when no passage gives one, and says so', async () => {
    const index = await seedIndex();
    for (const question of ['what date was the mou signed', 'how many days was rajnath in morocco']) {
      const result = index.answer(question);
      expect(result.kind).toBe('no-answer');
      expect(result.kind === 'no-answer' && result.message).toMatch(/^I could not find a confident answer in the articles: none of the closest passages gives the (date or time|number) you asked for\.$/);
    }
    // "When" may be answered without a date ("during Singh's visit"), so it is not declined.
    expect(index.answer('When was the MoU signed?').kind).toBe('answer');
    // A passage that gives the year answers "which year".
    const year = index.answer('which year did king mohammed vi meet modi');
    expect(year.kind === 'answer' && year.snippets[0]!.text).toContain('2015');
  });

  test('does not take a year for the date or day a question asks for', async () => {
    // The only date in the seed article is the year of an earlier meeting.
    const seed = await seedIndex();
    for (const question of ['what exact date was the india morocco mou signed', 'rabat visit date?', 'on what day did king mohammed vi meet modi']) {
      const result = seed.answer(question);
      expect(result.kind === 'no-answer' && result.message).toBe('I could not find a confident answer in the articles: none of the closest passages gives the date or time you asked for.');
    }
    const paragraphs = [
      'The creamery, founded in 2008, recalled its soft cheese after an outbreak in 2024.',
      'It stopped making cheese on May 9, when state inspectors found Listeria at its plant.',
    ];
    const article = { slug: 'creamery', title: 'Wisconsin creamery recalls cheese', file: 'creamery.md', hash: 'x', paragraphs };
    const index = await ArticleIndex.build({ articles: [article], ignored: [] });
    const day = index.answer('on what date did the creamery stop making cheese');
    expect(day.kind === 'answer' && day.snippets[0]!.text).toContain('May 9');
    // A year still answers a question that asks for one.
    const year = index.answer('which year was the creamery founded');
    expect(year.kind === 'answer' && year.snippets[0]!.text).toContain('2008');
  });

  test('does not take a weekday for the year a question asks for', async () => {
    const paragraphs = ['NAIROBI — A court ruled on Monday that drivers for the ride-hailing platform Safiri, founded by two Nairobi engineers, are employees.'];
    const article = { slug: 'safiri', title: 'Kenyan court rules Safiri drivers are employees', file: 'safiri.md', hash: 'x', paragraphs };
    const index = await ArticleIndex.build({ articles: [article], ignored: [] });
    const founded = index.answer('in what year was the ride-hailing platform safiri founded');
    expect(founded.kind === 'no-answer' && founded.message).toBe('I could not find a confident answer in the articles: none of the closest passages gives the date or time you asked for.');
    // The weekday still answers a question that asks for the day.
    const ruled = index.answer('on what day did the court rule that safiri drivers are employees');
    expect(ruled.kind === 'answer' && ruled.snippets[0]!.text).toContain('on Monday');
  });

  test('declines a question that asks for the name of something when no passage names it beside it', async () => {
    const paragraphs = [
      'A landslide buried homes on a tea estate in Idukki district, killing at least 19 people.',
      "Kerala's chief minister announced compensation for the families of each person killed.",
      'The estate manager, Joseph Varghese, said the workers had been warned twice.',
    ];
    const article = { slug: 'landslide', title: 'Landslide buries tea estate workers', file: 'landslide.md', hash: 'x', paragraphs };
    const index = await ArticleIndex.build({ articles: [article], ignored: [] });
    const unnamed = index.answer('what is the name of the kerala chief minister who announced compensation');
    expect(unnamed.kind).toBe('no-answer');
    expect(unnamed.kind === 'no-answer' && unnamed.message).toBe('I could not find a confident answer in the articles: none of the closest passages gives the name you asked for.');
    // The name beside what it names answers, whichever way the question asks for it.
    for (const question of ['whats the name of the estate manager', 'estate manager name?']) {
      const named = index.answer(question);
      expect(named.kind === 'answer' && named.snippets[0]!.text).toContain('Joseph Varghese');
    }
    // A process or a property has a term for a name, not a proper name: not declined for that.
    expect(index.answer('what is the name of the process that buried the homes').kind).toBe('answer');
  });

  test('declines a question that asks which group when no article speaks of one and no passage names one', async () => {
    const seed = await seedIndex();
    for (const question of ['which indian companies will be involved in the manufacturing', 'which indian defence firms are going to build stuff in morocco']) {
      const result = seed.answer(question);
      expect(result.kind === 'no-answer' && result.message).toBe('I could not find a confident answer in the articles: none of the closest passages gives the name you asked for.');
    }
    // A name WordNet knows as one of them answers, though the articles never use the noun.
    const treaty = { slug: 'treaty', title: 'Border treaty', file: 'treaty.md', hash: 'x', paragraphs: ['France and Germany signed the border treaty in Strasbourg on Monday.'] };
    const signed = (await ArticleIndex.build({ articles: [treaty], ignored: [] })).answer('which countries signed the border treaty');
    expect(signed.kind === 'answer' && signed.snippets[0]!.text).toContain('France and Germany');
    // Where the articles speak of companies, a name WordNet does not know may be one.
    const deal = { slug: 'deal', title: 'Freight deal', file: 'deal.md', hash: 'x', paragraphs: ['The company Norrland Freight will build the new rail depot near the port.'] };
    const builder = (await ArticleIndex.build({ articles: [deal], ignored: [] })).answer('which company will build the rail depot');
    expect(builder.kind === 'answer' && builder.snippets[0]!.text).toContain('Norrland Freight');
  });

  test('adds no note when a passage gives it', async () => {
    const result = (await seedIndex()).answer('When did King Mohammed VI meet Narendra Modi?');
    expect(result.kind).toBe('answer');
    expect(result.kind === 'answer' && result.note).toBeUndefined();
  });
});

describe('findArticles', () => {
  test('finds an article by exact id or title, or by words of its title, and nothing for blank text', async () => {
    const index = await seedIndex();
    expect(index.findArticles('india-morocco-defence-mou').map((a) => a.slug)).toEqual(['india-morocco-defence-mou']);
    expect(index.findArticles('  MEMORANDUM ').map((a) => a.slug)).toEqual(['india-morocco-defence-mou']);
    expect(index.findArticles('cricket')).toEqual([]);
    expect(index.findArticles('   ')).toEqual([]);
  });
});

describe('candidate paragraphs', () => {
  test('the answer is found when a dozen shorter paragraphs with the same words rank higher in search', async () => {
    const topics = ['schools', 'roads', 'water', 'farms', 'mines', 'ports', 'housing', 'prisons', 'courts', 'parks', 'rail', 'power', 'fisheries', 'tourism'];
    const budget = `---\ntitle: Budget week\n---\n\n${topics.map((t) => `The minister said health spending on ${t} would rise.`).join('\n\n')}\n`;
    const cholera = '---\ntitle: Cholera vaccination campaign\n---\n\nHealth Minister Chilufya Banda opened the campaign. '
      + 'Nurses and community volunteers gave the first doses at a small clinic in a Lusaka township on Monday morning. '
      + 'Dozens of parents had queued since dawn, and some had walked for hours from villages outside the city.\n';
    const articles = [parseArticle('budget.md', new TextEncoder().encode(budget)), parseArticle('cholera.md', new TextEncoder().encode(cholera))]
      .map((parsed) => { if (!parsed.ok) throw new Error(JSON.stringify(parsed)); return parsed.article; });
    const index = await ArticleIndex.build({ articles, ignored: [] });
    expect(answered(index.answer('Who is the health minister?')).snippets[0]!.text).toContain('Chilufya Banda');
  });
});
