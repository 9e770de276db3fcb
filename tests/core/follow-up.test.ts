import { describe, expect, test } from 'vitest';
import { askedWordsOf, betterAlone, isFollowUp, leavesStory, mayAnswerAlone, storyOf, subjectAfterDecline, MAX_SUBJECT_WORDS, readFollowUp, subjectOf } from '../../src/core/answering/follow-up.js';
import { checkQuestion, MAX_QUESTION_CHARS } from '../../src/core/answering/input.js';

describe('subjectOf', () => {
  test.each([
    ['Who signed the MoU for Morocco?', { names: ['MoU', 'Morocco'], words: ['signed'], asks: 'who' }],
    ['When did King Mohammed VI meet Narendra Modi?', { names: ['King Mohammed VI', 'Narendra Modi'], words: ['meet'], asks: 'when' }],
    ['how many ministers met in rabat', { names: [], words: ['ministers', 'met', 'rabat'], asks: 'how many' }],
    ['how strong was the quake', { names: [], words: ['quake'], asks: 'how strong' }],
    ['Explain the agreement', { names: [], words: ['agreement'] }],
    ['Morocco?', { names: ['Morocco'], words: [] }],
    ['lol', { names: [], words: [] }],
    ['what areas will they cooperate in', { names: [], words: ['areas', 'cooperate'], asks: 'what' }],
    ['which ones?', { names: [], words: [], asks: 'which' }],
    ['what date was the mou signed', { names: [], words: ['mou', 'signed'], asks: 'what date' }],
    ['which year did the king meet modi', { names: [], words: ['king', 'meet', 'modi'], asks: 'which year' }],
  ])('%s', (question, subject) => {
    expect(subjectOf(question)).toEqual(subject);
  });

  test('keeps every word of a long chat question, whose last words are often what the next one asks about', () => {
    expect(subjectOf('the welsh seagrass scientist who died, when did she become director of the station').words).toEqual(['welsh', 'seagrass', 'scientist', 'died', 'she', 'become', 'director', 'station']);
  });

  test('keeps at most a few words', () => {
    expect(subjectOf('alpha beta gamma delta epsilon zeta eta theta iota').words).toHaveLength(MAX_SUBJECT_WORDS);
  });
});

describe('isFollowUp', () => {
  test.each([
    ['and when?', true],
    ['What about Morocco?', true],
    ['who else was there?', true],
    ['When did he go?', true],
    ['why?', true],
    ['the date?', true],
    ['per share?', true],
    ['how many cant be lived in anymore', true],
    ['what does the agreement cover', true],
    ['What does the MoU cover?', false],
    ['Where did Rajnath Singh visit?', false],
  ])('%s → %s', (question, expected) => {
    expect(isFollowUp(question)).toBe(expected);
  });
});

describe('askedWordsOf', () => {
  test.each([
    ['and what about pellham?', ['pellham']],
    ['what university is she from', ['university', 'she']],
    ['how much do they get paid per day', ['paid', 'per', 'day']],
    ['and when?', []],
  ])('%s → %j', (question, expected) => {
    expect(askedWordsOf(question)).toEqual(expected);
  });
});

describe('readFollowUp', () => {
  const previous = subjectOf('Who signed the MoU for India?');

  test('reads a message on its own when there is no previous question', () => {
    expect(readFollowUp('and when?', undefined)).toEqual({ question: 'and when?', searched: 'and when?', subject: { names: [], words: [], asks: 'when' } });
  });

  test.each([
    ['diff question, how many jobs will the port create', 'how many jobs will the port create'],
    ['ok unrelated but who won the cup final', 'who won the cup final'],
    ['new q: who is the finance minister', 'who is the finance minister'],
    ['random but when does the campaign end', 'when does the campaign end'],
    ['switching topics - how big was the seed round', 'how big was the seed round'],
    ['nvm that, who led the rescue', 'who led the rescue'],
    ['on a happier note, how is the whale', 'how is the whale'],
  ])('reads “%s” on its own, without the opening that announces another subject', (question, searched) => {
    expect(readFollowUp(question, previous)).toMatchObject({ question, searched });
    expect(readFollowUp(question, previous).carried).toBeUndefined();
    expect(readFollowUp(question, undefined).searched).toBe(searched);
  });

  test('does not search for a personal pronoun when it carries words: they name whom it stands for', () => {
    expect(readFollowUp('how old is she', subjectOf('who won the mayoral runoff')).searched).toBe('how old is won mayoral runoff');
    expect(readFollowUp('when did he sign it?', subjectOf('who signed the pact')).searched).toBe('when did sign? signed pact');
    expect(readFollowUp('how old is she', undefined).searched).toBe('how old is she');
  });

  test('reads "new" and "different" as words of the question where they announce nothing', () => {
    expect(readFollowUp('new thing they announced?', previous).carried).toBeDefined();
    expect(readFollowUp('different players scored?', previous).carried).toBeDefined();
    expect(readFollowUp('other question', previous).carried).toBeDefined();
  });

  test('carries the previous names and words the follow-up does not repeat, with its own question word', () => {
    expect(readFollowUp('and when?', previous)).toEqual({
      question: 'and when?',
      searched: 'when? MoU India signed',
      carried: { names: ['MoU', 'India'], words: ['signed'] },
      subject: { names: ['MoU', 'India'], words: ['signed'], asks: 'when' },
    });
  });

  test('a message with no words carries nothing, so that it is refused rather than read as the previous question', () => {
    expect(readFollowUp('', previous)).toEqual({ question: '', searched: '', subject: { names: [], words: [] } });
    expect(readFollowUp('?', previous).carried).toBeUndefined();
  });

  test('after "what about", the new name takes the place of the last one, and the previous question word is kept', () => {
    expect(readFollowUp('What about Morocco?', previous)).toMatchObject({
      searched: 'who Morocco? MoU signed',
      carried: { names: ['MoU'], words: ['signed'], asks: 'who' },
      subject: { names: ['MoU', 'Morocco'], words: ['signed'], asks: 'who' },
    });
    // Typed in lower case, names are words: the last word gives way.
    expect(readFollowUp('what about india', subjectOf('who signed the mou for morocco')).searched).toBe('who india signed mou');
  });

  test('a second "what about" takes the place of the first one, not of what the first carried', () => {
    const first = readFollowUp('what about maritime security', readFollowUp('is there anything about cyber', subjectOf('does the mou include joint exercises')).subject);
    expect(first.carried?.words).not.toContain('cyber');
    const second = readFollowUp('What about India?', readFollowUp('What about Morocco?', previous).subject);
    expect(second.searched).toBe('who India? MoU signed');
  });

  test('a question that names its own subject starts afresh and carries nothing', () => {
    const reading = readFollowUp('What does the MoU cover?', previous);
    expect(reading.carried).toBeUndefined();
    expect(reading.searched).toBe('What does the MoU cover?');
  });

  test('a follow-up typed within the limit is searched within it: the oldest carried words give way first, then the oldest names', () => {
    const before = { names: ['Rajnath Singh', 'Abdellatif Loudiyi'], words: ['defence', 'memorandum', 'signed'], asks: 'who' };
    // Thirty characters short of the limit: room for the last name alone.
    const message = `When was that signed? ${'Officials in Rabat spoke about that at length. '.repeat(12)}`.slice(0, MAX_QUESTION_CHARS - 30).trim();
    const reading = readFollowUp(message, before);
    expect(checkQuestion(message).ok).toBe(true);
    expect(reading.searched).toBe(`${message} Abdellatif Loudiyi`);
    expect(checkQuestion(reading.searched).ok).toBe(true);
    expect(reading.carried).toEqual({ names: ['Abdellatif Loudiyi'], words: [] });
    expect(reading.subject.names).toEqual(['Abdellatif Loudiyi', 'Officials', 'Rabat']);
  });

  test('a follow-up at the limit carries nothing, and one over it is left to be refused as typed', () => {
    const atLimit = `When was that signed? ${'x'.repeat(MAX_QUESTION_CHARS - 22)}`;
    expect(readFollowUp(atLimit, previous)).toMatchObject({ searched: atLimit, carried: { names: [], words: [] } });
    expect(checkQuestion(readFollowUp(`${atLimit}x`, previous).searched).ok).toBe(false);
  });

  test('keeps the article of the conversation for the next message', () => {
    expect(readFollowUp('and when?', { ...previous, article: 'talks' }).subject.article).toBe('talks');
  });
});

describe('leavesStory', () => {
  const article = (slug: string, ...paragraphs: string[]) => storyOf({ slug, title: slug, paragraphs });
  const quake = article('quake', 'A magnitude 6.9 earthquake struck the Colca Valley, killing 23 people.', 'The government announced an initial 85 million soles for the region.');
  const budget = article('budget', 'The money will go into a new Waterfront Resilience Fund.');
  const final = article('final', 'A sellout crowd of 5,812 watched the Harbor Hawks win the title game.');
  const previous = subjectOf('what did the government announce after the quake');

  test('leaves for another story that holds two or more of the message\'s own words the conversation\'s lacks', () => {
    expect(leavesStory(readFollowUp('ok diff thing, how many people were at the harbor hawks title game', previous), quake, final)).toBe(true);
  });

  test('stays when the other story holds only one such word: the conversation\'s may say it in other words', () => {
    expect(leavesStory(readFollowUp('how much money', previous), quake, budget)).toBe(false);
  });

  test('leaves when the other story holds more of the message\'s own and carried words together', () => {
    // The question before was answered from the budget story; the follow-up finds the quake.
    const reading = readFollowUp('how much money', subjectOf('what did the government announce after the quake in colca'));
    expect(leavesStory(reading, budget, quake)).toBe(true);
  });

  test('reads an article once, and again when it changes', () => {
    const paragraphs = ['The port opened on Friday.'];
    const port = { slug: 'port', title: 'Port', paragraphs };
    expect(storyOf(port)).toBe(storyOf(port));
    expect(storyOf({ ...port, paragraphs: ['The port closed.'] }).terms).not.toEqual(storyOf(port).terms);
  });
});

describe('betterAlone', () => {
  const previous = subjectOf('what areas does the mou cover');
  const said = (first: string) => ({ first });
  const declined = (...unknownWords: string[]) => ({ unknownWords });

  test('prefers the message as typed when its own first snippet holds more of its own words', () => {
    const reading = readFollowUp('what about maritime security', previous);
    expect(reading.carried).toBeDefined();
    expect(betterAlone(reading, said('Joint exercises and security dialogues are planned.'), said('Maritime security in the sea lanes was discussed.'))).toBe(true);
    expect(betterAlone(reading, said('Maritime security in the sea lanes was discussed.'), said('Maritime security was discussed.'))).toBe(false);
  });

  test('prefers the message as typed when the reading with what it carried is declined and the message alone is answered', () => {
    expect(betterAlone(readFollowUp('who is the pm', previous), declined(), said('Prime Minister Narendra Modi met the king.'))).toBe(true);
    expect(betterAlone(readFollowUp('and terrorism?', subjectOf('did they talk about pakistan')), declined('pakistan'), said('Counter-terrorism was at the forefront.'))).toBe(true);
  });

  test('declines as the message as typed does when no article mentions words of its own, whatever the carried words find', () => {
    const reading = readFollowUp('is that legally binding?', previous);
    expect(betterAlone(reading, said('The MoU establishes an institutional framework.'), declined('legally', 'binding'))).toBe(true);
    // Declined alone for sharing too little, not for words no article has: the carried reading stands.
    expect(betterAlone(reading, said('The MoU establishes an institutional framework.'), declined())).toBe(false);
  });

  test('prefers the message as typed, from the same article, when it holds as many of its own words and the message does not hang on the one before', () => {
    const signed = subjectOf('who did rajnath sign the mou with');
    const reading = readFollowUp("who is morocco's defence minister", signed);
    expect(reading.carried).toBeDefined();
    const lead = { first: 'The MoU was signed during Defence Minister Rajnath Singh’s visit to Morocco.', article: 'mou' };
    const loudiyi = { first: 'It was signed with Morocco’s Defence Minister Abdellatif Loudiyi.', article: 'mou' };
    expect(betterAlone(reading, lead, loudiyi)).toBe(true);
    // From another article, or after a message that hangs on the one before, the carried reading stands.
    expect(betterAlone(reading, lead, { ...loudiyi, article: 'navy' })).toBe(false);
    expect(betterAlone(readFollowUp("and morocco's defence minister?", signed), lead, loudiyi)).toBe(false);
  });

  test('keeps a follow-up that stays on the conversation\'s story from an answer as typed from another story', () => {
    const reading = readFollowUp('what about maritime security', previous);
    const elsewhere = { first: 'Maritime security in the sea lanes was discussed.', article: 'navy' };
    expect(betterAlone(reading, said('Joint exercises and security dialogues are planned.'), elsewhere)).toBe(true);
    expect(betterAlone(reading, said('Joint exercises and security dialogues are planned.'), elsewhere, 'mou')).toBe(false);
    expect(betterAlone(reading, said('Joint exercises and security dialogues are planned.'), { ...elsewhere, article: 'mou' }, 'mou')).toBe(true);
  });

  test('keeps the reading with what it carried for "and …" when the message as typed loses the subject it hangs on', () => {
    const port = subjectOf('who opened the new port');
    const reading = readFollowUp('and in Lisbon?', port);
    expect(reading.carried?.words).toEqual(['opened', 'new', 'port']);
    expect(betterAlone(reading, said('Ana Costa opened the new port.'), said('Lisbon hosts a music festival every May.'))).toBe(false);
    expect(betterAlone(reading, said('Ana Costa opened the new port.'), said('In Lisbon, Rui Sousa opened the new port.'))).toBe(true);
  });

  test('lets the message as typed win after a loose opening ("ok but …") when its own words say more, not after "and …"', () => {
    const minister = subjectOf('who is the moroccan defence minister');
    const loose = readFollowUp('ok but what is make in india', minister);
    expect(loose.carried).toBeDefined();
    const withCarried = said('Moroccan King Mohammed VI met Prime Minister Narendra Modi in India.');
    const alone = said('India focuses on defence exports under the Make in India initiative.');
    expect(betterAlone(loose, withCarried, alone)).toBe(true);
    expect(betterAlone(readFollowUp('and what is make in india', minister), withCarried, alone)).toBe(false);
    // A word that points back keeps the subject, however the message opens.
    expect(betterAlone(readFollowUp('ok but did he mention make in india', minister), withCarried, alone)).toBe(false);
  });

  test('answers a second time only a follow-up that carried something and has words of its own', () => {
    expect(mayAnswerAlone(readFollowUp('and when?', previous))).toBe(false);
    expect(mayAnswerAlone(readFollowUp('who is the pm', previous))).toBe(true);
    expect(mayAnswerAlone(readFollowUp('who is the pm', undefined))).toBe(false);
    expect(betterAlone(readFollowUp('and when?', previous), declined(), said('In 2015.'))).toBe(false);
    expect(betterAlone(readFollowUp('What does the MoU cover?', previous), declined(), said('It covers training.'))).toBe(false);
  });
});

describe('subjectOf, as members type', () => {
  test('leaves mentions, links, markup and chat filler out of the subject', () => {
    expect(subjectOf('<@987654321> who signed the mou? https://www.thehindu.com/news/x lol')).toEqual({ names: [], words: ['signed', 'mou'], asks: 'who' });
    expect(subjectOf('no, i meant the **moroccan** minister')).toEqual({ names: [], words: ['moroccan', 'minister'] });
  });
});

describe('subjectAfterDecline', () => {
  test('leaves out the question word and the given words and names, whatever their case, and keeps the rest', () => {
    const subject = { names: ['Pakistan', 'Rabat'], words: ['talk', 'border'], asks: 'who', article: 'talks' };
    expect(subjectAfterDecline(subject, ['pakistan', 'Talk'])).toEqual({ names: ['Rabat'], words: ['border'], article: 'talks' });
    expect(subjectAfterDecline(subject, [])).toEqual({ names: ['Pakistan', 'Rabat'], words: ['talk', 'border'], article: 'talks' });
  });
});
