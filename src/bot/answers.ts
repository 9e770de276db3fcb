/**
 * A question, wherever it was asked (`/mou ask`, a mention, a DM, an ask channel, a thread, a
 * reply): read for an intent first ("tl;dr", "hi", "what do you know"), otherwise answered by
 * the engine (with the previous question's subject for a follow-up), recorded, and rendered
 * with its buttons.
 */
import { fitAnswer, type FittedText, questionKey, readIntent, type ReadAnswer, type Subject, THANKS_REPLY } from '../core/index.js';
import { recordAnswer } from '../data/index.js';
import { answerButtons } from './buttons.js';
import type { CommandContext } from './commands.js';
import { tryRecords } from './records.js';
import { DISCORD, helpText, sourcesText, summaryText, WRONG_TEXT } from './render.js';
import { fitMessage, type BotReply } from './reply.js';

/** Who asked what, and where the answer goes. */
export interface Asking {
  /** The question as the member wrote it (without a mention of the bot). */
  readonly question: string;
  readonly askerId: string;
  /** `null` in a DM. */
  readonly guildId: string | null;
  /** Where the answer is posted (a thread's id when it goes in a thread). */
  readonly channelId: string;
  /** The subject of the question before, when this one may be a follow-up. */
  readonly previous?: Subject;
}

/** What answering needs from the bot. */
export type AnsweringContext = Pick<CommandContext, 'knowledge' | 'records' | 'logger' | 'config'>;

/**
 * The reply to a question: the summary, help or source list an intent asks for, or the
 * engine's answer with its buttons. An answer or a "no confident answer" is recorded; when it
 * cannot be, it goes out all the same, and its buttons say why they cannot work.
 */
export async function replyToQuestion(context: AnsweringContext, asking: Asking): Promise<BotReply> {
  const { reader } = context.knowledge;
  const intent = readIntent(asking.question);
  if (intent.kind === 'summary') return { text: summaryText(await reader.summaryAsked(intent.article, asking.previous?.article)) };
  if (intent.kind === 'help') return { text: `${intent.greeting ? 'Hello! ' : ''}${helpText(context.config)}` };
  if (intent.kind === 'thanks') return { text: THANKS_REPLY };
  if (intent.kind === 'wrong') return { text: WRONG_TEXT };
  if (intent.kind === 'sources') return { text: await sourcesText(reader) };

  const result = await reader.answer(asking.question, asking.previous);
  const fitted = fitAnswer(result, DISCORD);
  const text = fitMessage(fitted.text);
  if (result.kind === 'invalid') return { text };
  const id = tryRecords(context, 'record an answer', (database) => recordAnswer(database, recordOf(result, fitted, asking, reader.version.hash)));
  return { text, components: answerButtons(id, result.kind === 'no-answer') };
}

/** What is recorded of an answer: the snippets and citations its message shows (`shown`), not those dropped to fit. */
function recordOf(result: Exclude<ReadAnswer, { kind: 'invalid' }>, shown: FittedText, asking: Asking, knowledgeVersion: string) {
  const { reading } = result;
  return {
    askedAt: new Date(),
    guildId: asking.guildId,
    channelId: asking.channelId,
    askerId: asking.askerId,
    question: asking.question,
    searched: reading.searched,
    topic: questionKey(reading.searched),
    ...(reading.carried !== undefined && { carried: reading.carried }),
    subject: reading.subject,
    declined: result.kind !== 'answer',
    confidence: result.confidence,
    knowledgeVersion,
    citations: shown.citations.map(({ n, passageId, slug, title, paragraph, url }) => ({ n, passageId, slug, title, paragraph, ...(url !== undefined && { url }) })),
    snippets: shown.snippets.map(({ text, citation }) => ({ text, citation })),
  };
}
