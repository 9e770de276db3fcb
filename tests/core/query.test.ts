// Reading chat questions: filler, abbreviations (common ones and those the articles define)
// and typos of English words.
import { describe, expect, test } from 'vitest';
import { definitionsIn } from '../../src/core/language/abbreviations.js';
import { askedNounOf, compoundParts } from '../../src/core/answering/query.js';
import { parseArticle } from '../../src/core/articles/article.js';
import { ArticleIndex, DEFAULT_RANKING } from '../../src/core/search/article-index.js';
import type { Answer, AnswerResult } from '../../src/core/answering/results.js';

function answered(result: AnswerResult): Answer {
  if (result.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
  return result;
}

/** An index of one article with these paragraphs. */
async function indexOf(...paragraphs: string[]): Promise<ArticleIndex> {
  const parsed = parseArticle('story.md', new TextEncoder().encode(`---\ntitle: "City news"\n---\n${paragraphs.join('\n\n')}\n`));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return ArticleIndex.build({ articles: [parsed.article], ignored: [] });
}

describe('definitionsIn', () => {
  test.each([
    ['a landmark Memorandum of Understanding (MoU) during', 'mou', ['memorandum', 'of', 'understanding']],
    ['members of the Passenger Transport Workers\' Union (PTWU) rejected it', 'ptwu', ['passenger', 'transport', 'workers', 'union']],
    ['the World Health Organization (WHO) said', 'who', ['world', 'health', 'organization']],
  ])('finds the long form of an abbreviation in parentheses: %s', (text, abbreviation, words) => {
    expect(definitionsIn(text)).toEqual([{ abbreviation, words }]);
  });

  test.each(['sold in (2019) and', 'a figure (USD) given', 'the study (see below)', 'the centre (CIMA) found'])('finds none where the letters do not spell one: %s', (text) => {
    expect(definitionsIn(text)).toEqual([]);
  });
});

describe('questions as members type them', () => {
  const index = indexOf(
    'The city council approved the new budget on Tuesday after a long debate.',
    'The port is run by Jon Eide.',
    'The chief executive of the port, Maria Lindqvist, said the harbour would reopen in May.',
    'The mayor opened a market on Friday. Prime Minister Tomas Berg visited the flooded district.',
    'The Harbour Dockers Association (HDA) was founded in 1950.',
    'On Friday the Harbour Dockers Association walked out over pay.',
    'On Friday the ferry company cut routes.',
    'Transport boss Lars Holm spoke. The transport minister, Ana Costa, promised new ferries.',
    'The team manager, Ole Berg, spoke. The coach of the team, Ivan Petrov, praised the players.',
  );

  test.each([
    ['who is the ceo of the port', 'Maria Lindqvist'],
    ['who did the PM visit', 'Tomas Berg'],
    ['what did the hda do on friday', 'walked out over pay'],
    ['who is the transport minster', 'Ana Costa'],
    ['who is the couch of the team', 'Ivan Petrov'],
    ['what did the PM\'s visit cover', 'Tomas Berg'],
  ])('reads “%s” for what it means', async (question, expected) => {
    expect(answered((await index).answer(question)).snippets[0]!.text).toContain(expected);
  });

  test('reads a verb and its particle as one verb: "set up" finds "established"', async () => {
    const phrasal = await indexOf(
      'The council met on Monday and heard from residents.',
      'The council established a flood fund last year.',
    );
    const matchesOfSet = (question: string) => phrasal.explain(question)!.terms.find((term) => term.word === 'set')!.matches;
    expect(matchesOfSet('what did the council set up')).toHaveProperty('establish');
    expect(matchesOfSet('what did the council set it up for')).toHaveProperty('establish');
    expect(matchesOfSet('what did the council set for the vote')).not.toHaveProperty('establish');
    expect(answered(phrasal.answer('what did the council set up')).snippets[0]!.text).toContain('flood fund');
  });

  test.each([
    ['which cheeses are part of the recall', 'recall', true],
    ['can u recall who signed the deal', 'recall', false],
    ['do you recall when the deal was signed', 'recall', false],
    ['how quick do farmers get paid', 'quick', true],
    ['quick q who signed the deal', 'quick', false],
  ])('in “%s”, reads “%s” as a word of the question: %s', async (question, word, read) => {
    const recall = await indexOf('The cheese recall covers two products. The deal was signed quickly, and farmers get paid within a week.');
    expect(recall.explain(question)!.terms.some((term) => term.word === word)).toBe(read);
  });

  test('reads the shorthand in “how many jobs r at risk” as the words it stands for', async () => {
    const closures = await indexOf(
      'Chief executive Ann Lowe said the closures were painful and that the remaining 45 stores were profitable.',
      'The chain said it would close 19 of its 64 shops, putting about 1,200 jobs at risk.',
    );
    // "r" read as "are": the count asked is of jobs, which the sentence about stores does not speak of.
    const stores = closures.explain('how many jobs r at risk from the closures', 2)!.sentences.find((s) => s.text.includes('45 stores'))!;
    expect(stores.trust.asked).toBe('missing');
    expect(answered(closures.answer('how many jobs r at risk from the closures')).snippets[0]!.text).toContain('1,200 jobs');
  });

  test.each([
    ['how long was the rescue op', 'op', 'oper'],
    ['how many km did the crews walk', 'km', 'kilomet'],
    ['what happens tmrw', 'tmrw', 'tomorrow'],
    ['any tech used in the search', 'tech', 'technolog'],
  ])('reads the chat abbreviation in “%s” as the word it stands for', async (question, word, term) => {
    const rescue = await indexOf('The rescue operation took 19 hours.', 'The crews walked 12 kilometres. The search resumes tomorrow with drone technology.');
    expect(Object.keys(rescue.explain(question)!.terms.find((t) => t.word === word)?.matches ?? {})).toContain(term);
  });

  test('matches an abbreviation by its long form, not by its other senses in WordNet ("PM": promethium, an element)', async () => {
    const plan = await indexOf('Prime Minister Tomas Berg visited the port.', 'Each element of the plan was costed.');
    const matches = Object.keys(plan.explain('what did the PM say about the plan')!.terms.find((t) => t.word === 'PM')!.matches);
    expect(matches).toContain('prime');
    expect(matches).not.toContain('element');
  });

  test('reads a hyphenated word as its parts, and a word written whole as itself', async () => {
    const ties = await indexOf('India-Morocco ties grew after 2015.', 'The counterterrorism unit met in Rabat.');
    expect(ties.explain('how did india-morocco ties grow')!.terms.map((t) => t.word)).toEqual(['india', 'morocco', 'ties', 'grow']);
    // The articles write it whole: the joined form is what matches.
    const counter = ties.explain('where did the counter-terrorism unit meet')!.terms.find((t) => t.word === 'counter-terrorism');
    expect(Object.keys(counter?.matches ?? {})).toContain('counterterror');
  });

  test('reads a light verb that is a stop word with its particle: "get into" finds "entered", and "get" alone nothing', async () => {
    const entered = await indexOf(
      'The council met on Monday and heard from residents.',
      'Thieves entered the depot through a side door.',
      'The council will get a new budget.',
    );
    const get = (question: string) => entered.explain(question)!.terms.find((term) => term.word === 'get');
    expect(Object.keys(get('how did the thieves get into the depot')!.matches)).toEqual(['enter']);
    expect(get('did the council get a budget')).toBeUndefined();
    expect(answered(entered.answer('how did the thieves get into the depot')).snippets[0]!.text).toContain('side door');
  });

  test('reads an English word that no article holds as a possible typo, weaker than a word that is not English', async () => {
    const terms = (await index).explain('who is the transport minster or ministr')?.terms ?? [];
    const [minster, ministr] = [terms.find((t) => t.word === 'minster'), terms.find((t) => t.word === 'ministr')];
    expect(Object.keys(minster?.matches ?? {})).toEqual(['minist']);
    expect(ministr?.matches.minist).toBeGreaterThan(minster!.matches.minist!);
  });

  test('reads a misspelt name of seven letters or more with up to two typos ("morroco"), a shorter one with one', async () => {
    const named = await indexOf('Officials from Morocco and Peru met in Lima on Monday.');
    const matches = async (question: string, word: string) => Object.keys(named.explain(question)!.terms.find((t) => t.word === word)?.matches ?? {});
    expect(await matches('who met in morroco', 'morroco')).toContain('morocco');
    expect(await matches('who met in morrocco', 'morrocco')).toContain('morocco');
    expect(await matches('who met in lmia', 'lmia')).toEqual([]);
  });

  test('leaves chat filler out of the search: the answer is the same with it as without it', async () => {
    const plain = answered((await index).answer('when will the harbour reopen'));
    for (const question of ['lol quick q pls when will the harbour reopen tbh', 'ummm so when will the harbour reopen plsss lolll', 'ngl when will the harbour reopen-ish', 'when will the harbour reopen tho', 'when will the harbour reopen em vs']) {
      const chatty = answered((await index).answer(question));
      expect(chatty.snippets).toEqual(plain.snippets);
      expect(chatty.confidence).toBeCloseTo(plain.confidence, 5);
    }
  });

  test('leaves out the words that point at the article itself: the question is answered, not declined for them', async () => {
    const plain = answered((await index).answer('who is the ceo of the port'));
    const pointed = (await index).answer('who is the ceo of the port mentioned in the harbour story article');
    expect(answered(pointed).snippets[0]!.text).toContain('Maria Lindqvist');
    expect((await index).explain('the ceo mentioned in the story')?.terms.map((t) => t.word)).toEqual(['ceo']);
    expect(plain.snippets[0]!.text).toContain('Maria Lindqvist');
  });

  test.each([
    'did Norway approve the new budget on Tuesday',
    'who is the chief executive of the Bergen port',
  ])('declines “%s”: it names what no article mentions, though its other words match', async (question) => {
    expect((await index).answer(question).kind).toBe('no-answer');
    expect((await index).withRanking({ unknownNameFactor: 1 }).answer(question).kind).toBe('answer');
  });

  test.each([
    ['what did Algeria say about the budget', true],
    ['what did algeria say about the budget', true],
    ['what did Jon Berg say about the budget', false],
    ['what did Berg say about the budget', false],
    ['Budget news: what did the council approve', false],
    ['what did the UNHCR say about the port', false],
    ['how many NCOs can train at the port', false],
    ['how many Norwegians work at the port', true],
  ])('reads “%s” as naming someone no article mentions: %s', async (question, unknown) => {
    expect((await index).explain(question)?.unknownName).toBe(unknown);
  });

  test('reads a common abbreviation typed in lower case, though WordNet lists it as a word, but not "pm" after a number', async () => {
    const matchesOf = async (question: string, word: string) => Object.keys((await index).explain(question)!.terms.find((t) => t.word === word)?.matches ?? {});
    expect(await matchesOf('who is the ceo of the port', 'ceo')).toEqual([expect.stringMatching(/^(chief|execut)$/)]);
    expect(await matchesOf('which district did the pm visit', 'pm')).toContain('prime');
    expect(await matchesOf('did the market open at 3 pm', 'pm')).not.toContain('prime');
  });

  test('reads "mvp" as the most valuable player', async () => {
    const final = await indexOf('Erik Berg scored twice in the final.', 'Goalkeeper Jon Lund was named the most valuable player of the playoffs.');
    expect(Object.keys(final.explain('who was mvp of the playoffs')!.terms.find((t) => t.word === 'mvp')?.matches ?? {})).toContain('valuabl');
    expect(answered(final.answer('who was mvp of the playoffs')).snippets[0]!.text).toContain('Jon Lund');
  });

  test('reads "org" as an organisation', async () => {
    const watchdog = await indexOf('The report was published by the Housing Observatory, an independent organisation.', 'Rents rose by 9 per cent.');
    expect(Object.keys(watchdog.explain('which org published the report')!.terms.find((t) => t.word === 'org')?.matches ?? {})).toContain('organ');
    expect(answered(watchdog.answer('which org is it')).snippets[0]!.text).toContain('Housing Observatory');
  });

  test('reads "min" as minister after a ministry and "def" as defence before a role, but "min" after a number as no minister', async () => {
    const matchesOf = async (question: string, word: string) => Object.keys((await index).explain(question)!.terms.find((t) => t.word === word)?.matches ?? {});
    expect(await matchesOf('who is the transport min', 'min')).toContain('minist');
    const defence = await indexOf('Defence Minister Rui Sousa visited the port.', 'The mayor spoke for an hour.');
    expect(Object.keys(defence.explain('who is the def min')!.terms.find((t) => t.word === 'def')?.matches ?? {})).toContain('defens');
    expect(answered(defence.answer('who is the def min lol')).snippets[0]!.text).toContain('Rui Sousa');
    // Before what news calls defence's, too; before anything else, "def" may be "definitely".
    expect(Object.keys(defence.explain('who are its usual def partners')!.terms.find((t) => t.word === 'def')?.matches ?? {})).toContain('defens');
    expect(Object.keys(defence.explain('is the port def open')!.terms.find((t) => t.word === 'def')?.matches ?? {})).not.toContain('defens');
    expect(await matchesOf('did the mayor speak for 5 min', 'min')).not.toContain('minist');
    expect(await matchesOf('what is the min wage', 'min')).not.toContain('minist');
    expect(answered((await index).answer('who is the transport min pls')).snippets[0]!.text).toContain('Ana Costa');
  });

  test('reads a question typed as keywords by its last word, whatever chat filler follows it', async () => {
    expect((await index).explain('transport minister name')?.kinds).toEqual(['Name']);
    expect((await index).explain('transport minister name pls lol')?.kinds).toEqual(['Name']);
  });

  test('does not read a word that is also English as an abbreviation unless it is written in capitals', async () => {
    const withWho = await indexOf('The World Health Organization (WHO) praised the campaign.', 'Who paid for it was never said.');
    expect(withWho.explain('who praised the campaign')?.terms.map((t) => t.word)).toEqual(['praised', 'campaign']);
    const [who] = withWho.explain('what did the WHO say')?.terms ?? [];
    expect(who?.word).toBe('WHO');
    expect(Object.keys(who?.matches ?? {})).toEqual([expect.stringMatching(/^(world|health|organ)/)]);
    expect(answered(withWho.answer('what did the WHO say about the campaign')).snippets[0]!.text).toContain('praised the campaign');
  });
});

describe('compoundParts', () => {
  const known = (term: string) => ['cyber', 'secur', 'power', 'plant'].includes(term);
  test.each([
    ['cybersecurity', ['cyber', 'secur']],
    ['powerplant', ['power', 'plant']],
  ])('splits %s into two words the articles hold', (word, parts) => {
    expect(compoundParts(word, known)).toEqual(parts);
  });

  test('finds no split where a part is not a word the articles hold', () => {
    expect(compoundParts('cyberattack', known)).toBeUndefined();
  });

  test('lets a question match a compound the articles write apart', async () => {
    const index = await indexOf('The ministers discussed cyber defence and the security of ports.', 'They also agreed on joint training.');
    expect(answered(index.answer('is cybersecurity on the agenda?')).snippets[0]!.text).toContain('cyber defence');
  });
});

describe('counts in questions', () => {
  test('does not search for the count of answers a question wants ("which two countries"), but does for a year', async () => {
    const index = await indexOf('The two ministers met in 2019.', 'India and Morocco signed the pact in Rabat.');
    expect(index.explain('which two countries signed the pact', 5)!.terms.map((t) => t.word)).not.toContain('two');
    expect(index.explain('what 2019 meeting did the ministers hold', 5)!.terms.map((t) => t.word)).toContain('2019');
  });
});

describe('askedNounOf', () => {
  const nounOf = (question: string) => {
    const words = question.toLowerCase().split(' ');
    const pos = new Map(words.map((word) => [word, /^(is|was|are|the|of|in|many|how|who|what|did|say|react|or|they|about|it|to)$/.test(word) ? 'X-' : 'NOUN']));
    const found = askedNounOf(words, pos, (word) => /^(morocco|portugal|alder)$/.test(word));
    return found && { noun: words[found.noun], owner: found.owner === undefined ? undefined : words[found.owner], ...(found.speech && { speech: true }) };
  };

  test.each([
    ['who is the mayor of alder bay', { noun: 'mayor', owner: 'alder' }],
    ['who is portugal defence minister', { noun: 'minister', owner: 'portugal' }],
    ['who is the prime minister of morocco', { noun: 'minister', owner: 'morocco' }],
    ['how many passengers', { noun: 'passengers', owner: undefined }],
    ['how many passengers in alder bay', { noun: 'passengers', owner: undefined }],
    ['how many alder passengers', { noun: 'passengers', owner: undefined }],
    ['who is the mayor in alder bay', { noun: 'mayor', owner: 'alder' }],
    ['what did the mayor of alder bay say about the budget', { noun: 'mayor', owner: 'alder', speech: true }],
    ['what did portugal president say', { noun: 'president', owner: 'portugal', speech: true }],
    ['how did morocco react to the pact', { noun: 'morocco', owner: undefined, speech: true }],
    ['did portugal unions or employers react', { noun: 'unions', owner: 'portugal', speech: true }],
  ])('finds what “%s” asks about', (question, expected) => {
    expect(nounOf(question)).toEqual(expected);
  });

  test.each(['who won the final', 'which region do they protect', 'when did it start', 'what did they say about it', 'did the talks end'])('finds nothing where the question word does not govern a noun it names: %s', (question) => {
    expect(nounOf(question)).toBeUndefined();
  });
});

describe('what the question asks about', () => {
  test('a question about an official of another country than the articles name is not answered by the one they name', async () => {
    const index = await indexOf(
      'Brazil and Chile signed a trade pact on Monday. Brazil’s trade minister, Ana Lima, said it was fair.',
      'The talks followed a visit by Chile’s President Rafael Soto in 2024.',
    );
    expect(answered(index.answer('who is the trade minister of brazil')).snippets[0]!.text).toContain('Ana Lima');
    expect(index.answer('who is the trade minister of chile')).toMatchObject({ kind: 'no-answer' });
  });

  test('a role named far from whose it is, with no other name before it, is still theirs', async () => {
    const index = await indexOf('ASTANA, Kazakhstan — Kazakhstan expects to harvest 18.6 million tonnes of wheat this year and will raise its export quota, Agriculture Minister Daniyar Serikbayev said on Wednesday.');
    const answer = index.answer('Who is Kazakhstan’s agriculture minister?');
    expect(answered(answer).snippets[0]!.text).toContain('Daniyar Serikbayev');
    expect(index.explain('Who is Kazakhstan’s agriculture minister?', 1)!.sentences[0]!.trust.asked).toBe('yes');
  });

  test('a role modified by another name ("the Indian defence minister to Morocco") is theirs, whatever name follows it', async () => {
    const index = await indexOf(
      'The visit was the first by an Indian Defence Minister to Morocco.',
      'The pact was signed with Morocco’s Defence Minister Abdellatif Loudiyi.',
    );
    const explained = index.explain('who is morocco’s defence minister', 5)!.sentences;
    expect(explained[0]!.text).toContain('Abdellatif Loudiyi');
    expect(explained.find((s) => s.text.includes('Indian'))!.trust.asked).toBe('other');
    const welcomed = await indexOf('Morocco welcomed the Indian Defence Minister on Monday.');
    expect(welcomed.explain('who is morocco’s defence minister', 1)!.sentences[0]!.trust.asked).toBe('other');
    const held = await indexOf('"Our members work long hours," said Kylie Bramwell, state secretary of the Bus Workers Union.');
    expect(held.explain('who is the state secretary of the bus workers union', 1)!.sentences[0]!.trust.asked).toBe('yes');
  });

  test('what someone said is answered only by what they said, not by another speaker', async () => {
    const index = await indexOf(
      'Chile created a marine park on Monday. "You cannot move a farm like a chair," said Environment Minister Catalina Reyes.',
      'Salmon farmers said the park would cost jobs.',
    );
    expect(answered(index.answer('what did the environment minister say about the park')).snippets[0]!.text).toContain('move a farm');
    expect(index.explain('what did the president say about the marine park', 1)!.sentences[0]!.trust.asked).toBe('missing');
    expect(index.answer('what did the president say about the marine park')).toMatchObject({ kind: 'no-answer' });
  });

  test('what someone said is not answered by a sentence that names them but reports nothing said', async () => {
    const index = await indexOf(
      'The pact builds on the meeting of King Hassan and President Tomas Berg in 2015.',
      'Officials in Rabat welcomed the pact on Monday.',
    );
    const question = 'what did president berg say about the pact';
    expect(index.explain(question, 1)!.sentences[0]!.trust.asked).toBe('unsaid');
    expect(index.answer(question)).toMatchObject({ kind: 'no-answer' });
    expect(index.withRanking({ unsaidFactor: 1 }).answer(question)).toMatchObject({ kind: 'answer' });
    const quoted = await indexOf('The pact builds on a meeting in 2015. "It is a good day," President Tomas Berg told reporters.');
    expect(quoted.explain(question, 1)!.sentences[0]!.trust.asked).toBe('yes');
    expect(answered(quoted.answer(question)).snippets[0]!.text).toContain('good day');
  });

  test('a broader word ("office" for "mayor") does not speak of what is asked; the word itself does', async () => {
    const index = await indexOf('Police in Ghent said thieves forced a window, according to the prosecutor’s office.');
    expect(index.explain('who is the mayor of ghent', 5)!.sentences[0]!.trust.asked).toBe('missing');
    const told = await indexOf('Police in Ghent said thieves forced a window, according to the mayor of the city.');
    expect(told.explain('who is the mayor of ghent', 5)!.sentences[0]!.trust.asked).toBe('yes');
  });

  test('another word of the question close in meaning to what is asked ("Jupiter" to "moons") does not stand in for it', async () => {
    const index = await indexOf('The probe flew between Mars and Jupiter in March to visit an asteroid.');
    expect(index.explain('how many moons does jupiter have', 5)!.sentences[0]!.trust.asked).toBe('missing');
  });
});

describe('who and where', () => {
  const kindOf = async (question: string, sentence: string) => {
    const index = await indexOf(sentence);
    return index.explain(question, 5)!.sentences[0]!.kind;
  };

  test('"who" is not answered by a name WordNet knows only as a place, but is by a person, a nation or a name it does not know', async () => {
    expect(await kindOf('who signed the pact', 'The pact was signed in Rabat.')).toBe(false);
    expect(await kindOf('who signed the pact', 'The pact was signed by Gandhi.')).toBe(true);
    expect(await kindOf('who signed the pact', 'The pact was signed by Morocco.')).toBe(true);
    expect(await kindOf('who signed the pact', 'The pact was signed by Abdellatif Loudiyi.')).toBe(true);
  });

  test('"where" is not answered by a name WordNet knows as a person', async () => {
    expect(await kindOf('where was the pact signed', 'The pact was signed by Gandhi.')).toBe(false);
    expect(await kindOf('where was the pact signed', 'The pact was signed in Rabat.')).toBe(true);
  });
});

describe('parseQuery: a category noun no article uses', () => {
  test('a city\'s name counts as holding "city" when no article uses the word, and only then', async () => {
    const coverageOf = async (question: string, ...paragraphs: string[]) => {
      const parsed = parseArticle('pact.md', new TextEncoder().encode(`---\ntitle: "Pact signed"\n---\n${paragraphs.join('\n\n')}\n`));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const explained = (await ArticleIndex.build({ articles: [parsed.article], ignored: [] })).explain(question, 40)!;
      return explained.sentences.find((s) => s.text.includes('Rabat'))!.coverage;
    };
    const signed = 'The pact was signed in Rabat on Monday.';
    const other = 'The pact covers training and trade.';
    expect(await coverageOf('in which city was the pact signed', signed, other)).toBeCloseTo(1, 6);
    expect(await coverageOf('in which city was the pact signed', signed, 'The city council met on Tuesday.')).toBeLessThan(0.9);
  });
});

/** The first snippet quoted for a question over one article of these paragraphs. */
async function firstQuoted(paragraphs: readonly string[], question: string): Promise<string> {
  return answered((await indexOf(...paragraphs)).answer(question)).snippets[0]!.text;
}

describe('parseQuery: what came first', () => {
  const council = [
    'The council met on Tuesday and discussed many matters at length with the harbour board.',
    'Flood defences were at the forefront, given the storms that closed the harbour last winter.',
    'Parking fees and the new ferry timetable were also raised by residents.',
  ];

  test.each([
    'what was the top priority at the council meeting',
    'what was the #1 priority for the council',
    'whats the number one focus of the council',
    'what was the main concern of the council tbh',
    'what was the top priorty at the council',
  ])('“%s” is answered by the sentence that says what was at the forefront, confidently', async (question) => {
    expect(await firstQuoted(council, question)).toContain('Flood defences were at the forefront');
  });

  test('the words of what came first count as found only when the question asks what came first', async () => {
    const index = await indexOf(...council);
    const coverage = (question: string) => index.explain(question, 40)!.sentences.find((s) => s.text.startsWith('Flood defences'))!.coverage;
    expect(coverage('what was the top priority of the flood council')).toBeGreaterThan(0.7);
    // "The top speed" asks for no agenda: that flood defences were at the forefront says nothing of it.
    expect(coverage('what was the top speed of the flood defences')).toBeLessThan(0.7);
  });

  test.each([
    'what was the top speed of the flood defences',
    'who scored the first goal after the flood',
    'what were the main points there about flood defences',
    'what was the top concert after the flood',
  ])('“%s” does not ask what came first', async (question) => {
    const index = await indexOf(...council);
    const { sentences, terms } = index.explain(question, 40)!;
    const ranked = sentences.find((s) => s.text.startsWith('Flood defences'));
    expect(terms.some((t) => Object.keys(t.matches).includes('forefront'))).toBe(false);
    expect(ranked?.coverage ?? 0).toBeLessThan(0.7);
  });
});

describe('parseQuery: what something means for someone', () => {
  const port = [
    'Bergen and Tromsø signed the ferry deal on Tuesday, and the deal gained support from residents of Bergen.',
    'The terminal will open in the spring after a long debate about costs.',
    'For Bergen, this means more cargo traffic from Tromsø and new jobs at the docks.',
  ];

  test.each([
    'what does bergen get out of it',
    'what does Bergen gain from this',
    'whats in it for bergen',
    'what does the deal mean for Bergen tbh',
  ])('“%s” is answered by the sentence that opens “For Bergen, …”', async (question) => {
    expect(await firstQuoted(port, question)).toContain('For Bergen, this means');
  });

  test('a sentence opening on another name\'s "For …," is not what the question asks', async () => {
    const index = await indexOf(...port);
    const kindOf = (question: string) => index.explain(question, 40)!.sentences.find((s) => s.text.startsWith('For Bergen'))?.parts.kind;
    expect(kindOf('what does bergen gain from this')).toBe(DEFAULT_RANKING.kindWeight);
    expect(kindOf('what does tromsø gain from this')).toBe(0);
  });
});

describe('parseQuery: how much something matters', () => {
  const ferry = [
    'The ferry deal was approved by the harbour board on Tuesday after a debate about the deal and its costs.',
    'The new route is a landmark for the island, the first-ever link to the mainland in winter.',
    'Storms remain a big worry for the crews, who asked for larger boats.',
  ];

  test.each([
    'was the new route a big deal or just routine',
    'how big a deal is the new route tbh, like historic or nah',
    'how significant is the ferry route',
  ])('“%s” is answered by the sentence that says it matters', async (question) => {
    expect(await firstQuoted(ferry, question)).toContain('landmark');
  });

  test('"is it a big deal" matches no agreement; "sign a big deal", "why is it a big deal" and "how important" read as written', async () => {
    const index = await indexOf(...ferry);
    const matchesOf = (question: string, word: string) => Object.keys(index.explain(question, 40)!.terms.find((t) => t.word === word)?.matches ?? {});
    expect(matchesOf('was the ferry a big deal', 'deal')).not.toContain('deal');
    expect(matchesOf('was the ferry a big deal', 'deal')).toContain('landmark');
    expect(matchesOf('did the board sign a big deal', 'deal')).toContain('deal');
    expect(matchesOf('did the board sign a big deal', 'deal')).not.toContain('landmark');
    expect(matchesOf('why are storms such a big deal for the crews', 'deal')).toContain('deal');
    expect(matchesOf('how important is the deal', 'deal')).toContain('deal');
    expect(matchesOf('how significant is the deal', 'deal')).toContain('deal');
  });
});

describe('parseQuery: set phrases news says another way', () => {
  const pact = [
    'The pact will include joint training programs for naval officers and regular staff exchanges.',
    'Officials said the pact could eventually evolve into joint exercises at sea.',
  ];
  const ties = [
    'The two cities signed a sister-city charter on Monday, with a ceremony at the town hall.',
    'The charter builds on the upward trajectory in relations that gained momentum after a trade fair in 2019.',
    'Officials from both cities said the charter would bring better bus links and school exchanges.',
  ];
  const plants = [
    'Larsen Marine and Okafor Motors each build ferry engines, at plants in Bergen and Lagos, and train mechanics there.',
    'Under the agreement, Larsen Marine and Okafor Motors are pursuing the co-development of hybrid ferry engines.',
    'Mechanics from both companies are to get joint training in Bergen.',
  ];
  const talks = [
    'The two ministers met in Oslo and talked about the treaty for an hour.',
    'Their talks covered a broad spectrum of issues, from fishing to energy.',
    'The treaty sets up cooperation across multiple sectors of the two economies.',
  ];
  const interests = [
    'Ministers of both governments talked for two hours about fishing quotas, the weather and football.',
    'Both governments share common interests in keeping the northern sea lanes open.',
  ];

  test.each([
    // What comes later.
    ['could there be joint drills at some point', 'eventually', pact],
    ['could this turn into joint drills down the line', 'eventually', pact],
    ['what happens next, joint drills?', 'eventually', pact],
    // Getting better.
    ['have relations between the two cities been getting better', 'upward trajectory', ties],
    ['how are ties trending', 'upward trajectory', ties],
    ['when did relations start picking up', 'upward trajectory', ties],
    // Doing something together.
    ['will larsen and okafor build ferry engines together', 'co-development', plants],
    ['will the mechanics train together', 'joint training', plants],
    // How much ground something covers.
    ["how wide ranging were the ministers' talks", 'broad spectrum', talks],
    ['does the treaty cover one sector or several', 'multiple sectors', talks],
    // What the parties care about.
    ['what do the governments care about', 'common interests', interests],
    ['do the governments have anything in common', 'common interests', interests],
  ] as const)('“%s” is answered by the sentence that says “%s”', async (question, said, paragraphs) => {
    expect(await firstQuoted(paragraphs, question)).toContain(said);
  });

  test.each([
    ['"eventually" counts for "at some point" only where the question asks what comes later', pact, 'point', 'eventu', 'will they hold drills at some point', 'what was the main point of the pact'],
    ['"interests" counts for "care" only after "about"', interests, 'care', 'interest', 'what do the governments care about', 'who takes care of the sea lanes'],
  ] as const)('%s', async (_, paragraphs, word, match, phrase, other) => {
    const index = await indexOf(...paragraphs);
    const matchesOf = (question: string) => Object.keys(index.explain(question, 40)!.terms.find((t) => t.word === word)?.matches ?? {});
    expect(matchesOf(phrase)).toContain(match);
    expect(matchesOf(other)).not.toContain(match);
  });

  test('a word of a set phrase is no misspelling: "point" of "at some point" does not match "joint"', async () => {
    const index = await indexOf(...pact);
    const matchesOf = (question: string) => Object.keys(index.explain(question, 40)!.terms.find((t) => t.word === 'point')?.matches ?? {});
    expect(matchesOf('will they hold drills at some point')).not.toContain('joint');
    expect(matchesOf('will they hold drills at some point')).toContain('eventu');
  });
});

describe('parseQuery: the story\'s parties together', () => {
  const treaty = [
    'The two ministers said both countries share an interest in the northern fishing grounds.',
    'The treaty sets up a joint coast guard that will patrol the fjords from next year.',
  ];

  test.each([
    'what does the treaty set up between the two countries',
    'what does the treaty set up for both countries',
  ])('“%s” is answered by what the treaty sets up, not by the sentence that says “two” and “countries”', async (question) => {
    expect(await firstQuoted(treaty, question)).toContain('joint coast guard');
  });
});

describe('ranking: a category noun that refers to the story\'s parties', () => {
  test('"both countries" in a snippet names no country for "which countries"', async () => {
    const index = await indexOf(
      'Both countries face winter storms that close the northern ports.',
      'Several countries face winter storms, among them Norway and Iceland.',
    );
    const coverage = (text: string) => index.explain('which countries face winter storms', 40)!.sentences.find((s) => s.text.startsWith(text))!.coverage;
    expect(coverage('Both countries')).toBeLessThan(coverage('Several countries'));
    const other = (text: string) => index.explain('what do countries face in winter', 40)!.sentences.find((s) => s.text.startsWith(text))!.coverage;
    expect(other('Both countries')).toBeCloseTo(other('Several countries'), 6);
  });
});
