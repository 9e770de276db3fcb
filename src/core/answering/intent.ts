/**
 * What a message asks for before anything is searched: a summary ("tl;dr", "summarize the
 * Morocco article"), help ("help", "hi", "what can you do"), the source list ("what do you
 * know", "sources"), a thank-you ("thx", "good bot") or a complaint ("bad bot", "that's wrong")
 * to acknowledge, or an answer to a question. And, for ask channels, whether a message reads
 * as a question or request at all, so that chatter ("lol nice") is left alone.
 *
 * Shared by the bot and the terminal chat, so both treat the same words the same way. Only
 * whole, short messages are intents: "what do you know about Rabat" is a question.
 */

/** What a message asks for. */
export type Intent =
  /** A summary: of the article the words name (`article`), or of the conversation's or the whole knowledge base. */
  | { readonly kind: 'summary'; readonly article?: string }
  /** How to use the bot; `greeting` when the message greets ("hi", "how are you"). */
  | { readonly kind: 'help'; readonly greeting?: true }
  /** The articles the bot knows. */
  | { readonly kind: 'sources' }
  /** Thanks, praise or assent ("thx", "good bot", "nice", "yes"): acknowledged, never searched. */
  | { readonly kind: 'thanks' }
  /** A complaint about an answer ("bad bot", "that's wrong", a bare "no"): acknowledged with how to report it. The bot never asks the member anything, so "no" can only reject its answer. */
  | { readonly kind: 'wrong' }
  /** Anything else: a question for the engine. */
  | { readonly kind: 'question' };

/** The reply to thanks or praise ("thx", "good bot"), in the bot and the terminal chat alike. */
export const THANKS_REPLY = 'Glad to help. Ask me anything else about the articles.';

/** Longest message read as an intent, in characters; longer ones are questions. */
export const MAX_INTENT_CHARS = 80;

// Politeness and filler around an intent: "pls", "please", "can you", "can someone", "the bot",
// "in one line".
const FILLER = /\b(?:please|pls|plz|thanks|thank you|thx|(?:can|could|would|will)\s+(?:you|u|someone|somebody|anyone|anybody)|me|for me|quickly|briefly|in\s+short|in\s+(?:one|a)\s+(?:line|sentence)|bot|mou-bot)\b/gi;
// A summary asked for: "tl;dr", "summarize …", "sum it up", "(give a) (quick) summary (of …)", "recap", "overview".
const SUMMARY = /^(?:tl\s*;?\s*dr|tldr|summari[sz]e|sum\s+(?:it\s+)?up|(?:(?:give|get|need|want)\s+)?(?:an?\s+)?(?:(?:quick|short|brief|simple)\s+)?(?:summary|recap|overview)(?:\s+of)?)\b\s*(.*)$/i;
const HELLO = String.raw`(?:hi|hello|hey|hiya|yo|sup|howdy)(?:\s+there)?`;
// A greeting: a hello ("hey", "good morning") to someone or no one ("guys", "everyone"), a "how
// are you", or both ("hey bot how r u today lol"), with a time or a laugh after it.
const SALUTATION = String.raw`(?:${HELLO}|good\s+(?:morning|afternoon|evening|day))(?:\s+(?:everyone|everybody|all|guys|folks|y'?all|friends|people|mate|bro|dude|buddy|fam))?`;
const HOW_ARE_YOU = String.raw`(?:how\s+(?:are|r)\s+(?:you|u|ya)(?:\s+doing)?|how(?:'s|s|\s+is)\s+it\s+going|what'?s\s+up|wassup)`;
const GREETING_TAIL = String.raw`(?:today|tonight|this\s+(?:morning|afternoon|evening)|lol|lmao|haha+|hehe+)`;
const GREETING = new RegExp(String.raw`^(?:${SALUTATION}(?:\s+${HOW_ARE_YOU})?|${HOW_ARE_YOU})(?:\s+${GREETING_TAIL})*$`, 'i');
const GREETING_OPENING = new RegExp(String.raw`^${HELLO}\s+`);
const HELP = /^(?:help|wh?at\s+(?:can|do)\s+(?:you|u)\s+do|how\s+do\s+(?:i|you|u)\s+(?:use\s+(?:you|u|this|it)|work)|commands|who\s+are\s+(?:you|u)|what\s+are\s+(?:you|u)|what(?:'s|s|\s+is)\s+(?:this|the)\s+bot|what\s+does\s+(?:this|the)\s+bot\s+do)$/i;
const ACKNOWLEDGEMENT = String.raw`(?:(?:many\s+)?thanks|thank\s+(?:you|u)|thx|ty|tysm|cheers|(?:good|great|nice)\s+(?:bot|job|one|answer)|nice|cool|great|awesome|perfect|amazing|helpful|ok|okay|k|got\s+it|makes\s+sense|lol|haha|yes|yeah|yep|yup|ya|sure|right|alright|all\s+right|true|exactly|indeed|bye|goodbye|bye\s+bye|cya|see\s+(?:ya|you)(?:\s+later)?|later|good\s*night)`;
/** Words of assent, which with a question mark doubt rather than thank ("true?", "really?"). */
const ASSENT = /\b(?:yes|yeah|yep|yup|ya|sure|right|true|really|exactly|indeed|ok|okay)\b/i;
const THANKS = new RegExp(String.raw`^${ACKNOWLEDGEMENT}(?:\s+(?:${ACKNOWLEDGEMENT}|a\s+lot|so\s+much|bot|mou-bot|man|mate|bro|dude|buddy))*$`, 'i');
const WRONG = /^(?:(?:no|nope|nah)\s+)?(?:no|nope|nah|bad\s+bot|(?:that's|thats|that\s+is|this\s+is|it's|its)?\s*(?:wrong|incorrect|not\s+right|not\s+correct|not\s+true|not\s+it|not\s+what\s+i\s+asked|useless|unhelpful|not\s+helpful)|wrong\s+answer|(?:you're|youre|you\s+are|ur|u\s+r|u\s+are)\s+(?:wrong|useless|unhelpful|not\s+helpful))$/i;
const SOURCES = /^(?:sources|where\s+(?:did|do)\s+(?:you|u)\s+get\s+(?:this|that|it|these|those|your\s+info)(?:\s+from)?|where\s+(?:does|did|do)\s+(?:this|that|it|these|those)\s+come\s+from|where(?:'s|s|\s+is)\s+(?:this|that|it)\s+from|what\s+(?:do\s+(?:you|u)\s+know|can\s+you\s+tell\s+me\s+about|articles\s+do\s+you\s+have|do\s+you\s+have)|which\s+articles|list\s+(?:the\s+)?articles|(?:the\s+)?articles|what\s+have\s+you\s+read|(?:what(?:'s|s|\s+is|\s+are)\s+)?(?:the\s+|your\s+)?(?:source|link|links|url)(?:\s+(?:to|of|for)\s+(?:the\s+|this\s+|that\s+)?(?:article|articles|story|news))?)$/i;
// "What is this article about", "whats it about": the summary of the article (or articles) at hand.
const ABOUT = /^what(?:'s|s|\s+is|\s+are)\s+(?:it|this|that|(?:the|this|that|these|those)\s+(?:article|articles|story|stories|news|piece))\s+(?:all\s+)?about$/i;
// Words around an article's name: "the article about …", "of the … article", "that one".
const ARTICLE_WORDS = /\b(?:of|on|about|the|this|that|these|those|it|one|article|articles|story|piece|news|please)\b/gi;

/** Emoji that thank or approve. */
const THANKS_EMOJI = /[👍🙏👌🙌💯❤♥💙💚🧡💛💜🤝]/u;

/** Emoticons typed as text: ":)", ";-P", ":D", "<3". */
const EMOTICON = /(?<=^|\s)(?:[:;=]-?[()DPpO/\\|]+|<3+|\^\^?_?\^)(?=\s|$)/g;

/** The message's words without punctuation, emoji or a mention (and without filler, when `filler` is false), lower case. */
function bare(text: string, filler: boolean): string {
  const words = text
    .replace(/[’‘]/g, "'")
    .replace(/<@!?\d+>|<a?:\w+:\d+>|\p{Extended_Pictographic}|\p{Emoji_Modifier}|[\u200D\uFE0F]/gu, ' ')
    .replace(EMOTICON, ' ')
    .replace(/[!?.,:…]+/g, ' ');
  return (filler ? words : words.replace(FILLER, ' ')).replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Whether the message's words, with or without filler, are a greeting alone ("hey guys", "how r u"). */
function greets(words: string, asWritten: string): boolean {
  return GREETING.test(words) || GREETING.test(asWritten);
}

/**
 * Reads what a message asks for. A summary keeps the words that name an article (`article`,
 * absent when none: "tl;dr", "summarize the article pls"). Never throws.
 */
export function readIntent(text: string): Intent {
  if (text.length > MAX_INTENT_CHARS) return { kind: 'question' };
  // "tl;dr" keeps its semicolon: read it before punctuation is dropped.
  const written = text.replace(/\btl\s*;\s*dr\b/gi, 'tldr');
  const words = bare(written, false);
  const asWritten = bare(written, true);
  // A message of emoji alone: thanks when one of them is ("👍", "🙏"), otherwise nothing to read.
  if (asWritten.length === 0) return THANKS_EMOJI.test(text) ? { kind: 'thanks' } : { kind: 'question' };
  // "hello bot, what is this article about": a greeting before an intent leaves it that intent.
  const body = words.replace(GREETING_OPENING, '');
  if (ABOUT.test(body)) return { kind: 'summary' };
  const summary = body.length > 0 ? SUMMARY.exec(body) : null;
  if (summary) {
    const article = summary[1]!.replace(ARTICLE_WORDS, ' ').replace(/\s+/g, ' ').trim();
    return article ? { kind: 'summary', article } : { kind: 'summary' };
  }
  if (greets(words, asWritten)) return { kind: 'help', greeting: true };
  // "hey, what can you do": help after a greeting is help, with a hello.
  const afterGreeting = asWritten.replace(GREETING_OPENING, '');
  if (afterGreeting !== asWritten && HELP.test(afterGreeting)) return { kind: 'help', greeting: true };
  if (HELP.test(words) || HELP.test(asWritten)) return { kind: 'help' };
  // "True?", "right?", "sure?": a member doubting the answer asks on; "thanks!" or "yes" does not.
  if (THANKS.test(asWritten) && !(text.includes('?') && ASSENT.test(asWritten))) return { kind: 'thanks' };
  if (WRONG.test(asWritten)) return { kind: 'wrong' };
  if (SOURCES.test(body) || SOURCES.test(asWritten)) return { kind: 'sources' };
  return { kind: 'question' };
}

const QUESTION_OPENING = /^(?:who|whom|whose|what|what's|whats|when|where|which|why|how|is|are|was|were|do|does|did|can|could|should|would|will|has|have|had|any|tell|explain|describe|define|list|show|give|find|compare|summari[sz]e|name)\b/i;
// The words a follow-up opens with ("and the date", "so who signed it"), as chatter does too ("so tired today").
const FOLLOW_UP_OPENING = /^(?:and|also|but|so)\b[\s,]*/i;
const REQUEST_ANYWHERE = /\b(?:explain|summari[sz]e|tell me|what about|how about|i want to know|i'd like to know|wondering)\b/i;
/** A letter or a digit: a message without one (emoji, "…") has nothing to ask. */
const HAS_WORDS = /[\p{L}\p{N}]/u;

/**
 * How a message reaches the bot, for {@link readsAsRequest}:
 * - `channel`: in an ask channel, neither mentioning nor replying to the bot, so possibly
 *   members talking to each other;
 * - `reply`: a reply to one of the bot's messages, or a later message in a forum post the bot
 *   answers in, where a follow-up ("and the date") is expected;
 * - `thread`: in a thread the bot opened for an answer, where every message is a follow-up.
 */
export type Addressing = 'channel' | 'reply' | 'thread';

/**
 * Whether a message is for the bot. In a thread the bot opened, every message is, unless it is
 * plainly chatter: thanks, assent or a laugh ("thanks", "ok", "lol"), a complaint ("that's
 * wrong", acknowledged only with a mention or in a DM), or no words at all. Elsewhere a message
 * is for the bot when it has a question mark, opens with a question word or an imperative
 * ("explain …", "list …"), asks for something anywhere ("can you explain …"), or asks for a
 * summary, help or the sources. A follow-up's opening ("and …", "so …") counts alone in a reply
 * to the bot, and with a question after it elsewhere ("so who signed it"), since chatter opens
 * that way too ("so tired today"). A greeting ("good morning everyone") in an ask channel
 * greets the members, not the bot. Mentions and DMs are decided by the caller: they are always
 * for the bot.
 */
export function readsAsRequest(text: string, addressing: Addressing): boolean {
  const trimmed = text.replace(/<@!?\d+>/g, ' ').trim();
  if (!HAS_WORDS.test(trimmed)) return false;
  const intent = readIntent(trimmed);
  if (addressing === 'thread') return intent.kind !== 'thanks' && intent.kind !== 'wrong';
  if (addressing === 'channel' && greets(bare(trimmed, false), bare(trimmed, true))) return false;
  if (trimmed.includes('?')) return true;
  const afterOpening = trimmed.replace(FOLLOW_UP_OPENING, '');
  if (afterOpening !== trimmed && addressing === 'reply') return true;
  if (QUESTION_OPENING.test(afterOpening) || REQUEST_ANYWHERE.test(trimmed)) return true;
  return intent.kind !== 'question' && intent.kind !== 'thanks' && intent.kind !== 'wrong';
}
