/**
 * Abbreviations: those an article defines ("Memorandum of Understanding (MoU)", "the
 * Passenger Transport Workers' Union (PTWU)"), found by the Schwartz–Hearst rule, and common
 * ones that news rarely spells out but readers type (PM, CEO, govt). A question that uses one
 * matches the words it stands for.
 */

/**
 * Common abbreviations, lower case, and the words they stand for. Only those a reader types
 * for something news writes out: ambiguous ones ("min": minute or minister) are read by
 * their neighbours instead (see {@link abbreviationBeside}).
 */
export const COMMON_ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['pm', ['prime', 'minister']],
  ['ceo', ['chief', 'executive']],
  ['cfo', ['chief', 'financial', 'officer']],
  ['cto', ['chief', 'technology', 'officer']],
  ['coo', ['chief', 'operating', 'officer']],
  ['un', ['united', 'nations']],
  ['us', ['united', 'states']],
  ['usa', ['united', 'states']],
  ['uk', ['united', 'kingdom']],
  ['eu', ['european', 'union']],
  ['govt', ['government']],
  ['gov', ['government']],
  ['dept', ['department']],
  ['intl', ['international']],
  ['uni', ['university']],
  ['unis', ['universities']],
  ['approx', ['approximately']],
  ['pres', ['president']],
  ['ppl', ['people']],
  ['info', ['information']],
  ['stats', ['statistics']],
  ['mou', ['memorandum', 'understanding']],
  ['gdp', ['gross', 'domestic', 'product']],
  ['mp', ['member', 'parliament']],
  ['mps', ['members', 'parliament']],
  ['ngo', ['non', 'governmental', 'organization']],
  ['hq', ['headquarters']],
  ['yr', ['year']],
  ['yrs', ['years']],
  ['bn', ['billion']],
  ['mn', ['million']],
  ['mln', ['million']],
  ['bil', ['billion']],
  ['op', ['operation']],
  ['ops', ['operations']],
  ['mgr', ['manager']],
  ['hrs', ['hours']],
  ['mins', ['minutes']],
  ['km', ['kilometres']],
  ['kms', ['kilometres']],
  ['pct', ['percent']],
  ['tmrw', ['tomorrow']],
  ['tmr', ['tomorrow']],
  ['yday', ['yesterday']],
  ['tech', ['technology']],
  ['avg', ['average']],
  ['corp', ['corporation']],
  ['assoc', ['association']],
  ['assn', ['association']],
  ['mgmt', ['management']],
  ['biz', ['business']],
  ['natl', ['national']],
  ['admin', ['administration']],
  ['econ', ['economy']],
  ['prez', ['president']],
  ['hr', ['hour']],
  ['wk', ['week']],
  ['wks', ['weeks']],
  ['mth', ['month']],
  ['mths', ['months']],
  ['qtr', ['quarter']],
  ['org', ['organisation']],
  ['mvp', ['most', 'valuable', 'player']],
  ['orgs', ['organisations']],
]);

/** Words after which "min" is a minister ("def min", "foreign min"), not a minute or a minimum. */
const MINISTRIES = new Set([
  'def', 'defence', 'defense', 'foreign', 'finance', 'health', 'trade', 'home', 'interior', 'education',
  'energy', 'environment', 'transport', 'agriculture', 'justice', 'labour', 'labor', 'prime', 'chief',
]);
/**
 * Words before which "def" is defence ("def min", "def secretary", "def exports"), not
 * "definitely": roles, pacts and the nouns news writes after "defence", none of which
 * "definitely" comes before.
 */
const DEFENCE_ROLES = new Set([
  'min', 'minister', 'ministry', 'ministers', 'sec', 'secretary', 'dept', 'department', 'deal', 'pact', 'ties',
  'cooperation', 'co-operation', 'partner', 'partners', 'partnership', 'partnerships', 'exports', 'imports', 'industry',
  'budget', 'spending', 'forces', 'policy', 'sector', 'relations', 'agreement', 'mou', 'chief', 'chiefs', 'exercises',
  'manufacturing', 'collaboration', 'contracts', 'firms', 'companies', 'procurement', 'equipment',
]);

/**
 * The words an abbreviation stands for that only its neighbours make plain, lower case: "min"
 * after a ministry ("def min", "health min") is a minister; "def" before a role, a pact or
 * what news calls defence's ("def min", "def deal", "def exports") is defence. `undefined`
 * otherwise: "5 min" and "min wage" are not.
 */
export function abbreviationBeside(word: string, before: string | undefined, after: string | undefined): readonly string[] | undefined {
  if (word === 'min' && before !== undefined && MINISTRIES.has(before)) return ['minister'];
  if (word === 'def' && after !== undefined && DEFENCE_ROLES.has(after)) return ['defence'];
  return undefined;
}

/** Shortest and longest abbreviation read from an article's parentheses. */
const MIN_ABBREVIATION_CHARS = 2;
const MAX_ABBREVIATION_CHARS = 10;
/** A short form in parentheses: letters and digits, at least two capitals or a capital and a digit. */
const SHORT_FORM = /\(([\p{L}\p{N}][\p{L}\p{N}&.-]*)\)/gu;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** One definition found in text: the abbreviation, lower case, and its long form's words. */
export interface Definition {
  readonly abbreviation: string;
  readonly words: readonly string[];
}

/**
 * The abbreviations a text defines in the form "long form (SHORT)": the long form is the
 * shortest run of words just before the parenthesis whose letters hold the short form's
 * letters in order, the first at a word's start (Schwartz and Hearst, 2003). `[]` when none.
 */
export function definitionsIn(text: string): Definition[] {
  const found: Definition[] = [];
  for (const match of text.matchAll(SHORT_FORM)) {
    const short = match[1]!;
    const letters = short.replace(/[^\p{L}\p{N}]/gu, '');
    if (letters.length < MIN_ABBREVIATION_CHARS || letters.length > MAX_ABBREVIATION_CHARS) continue;
    if ((short.match(/\p{Lu}/gu)?.length ?? 0) < 2) continue;
    const before = [...text.slice(Math.max(0, match.index - 200), match.index).matchAll(WORD)].map((m) => m[0]);
    const words = longForm(letters.toLowerCase(), before.slice(-(letters.length + 5)));
    if (words) found.push({ abbreviation: letters.toLowerCase(), words: words.map((word) => word.toLowerCase()) });
  }
  return found;
}

/** Schwartz–Hearst: the shortest tail of `words` that spells `letters` in order. */
function longForm(letters: string, words: readonly string[]): string[] | undefined {
  const text = words.join(' ').toLowerCase();
  let s = letters.length - 1;
  let l = text.length - 1;
  while (s >= 0) {
    const c = letters[s]!;
    // The first letter must start a word; the others may be anywhere, right to left.
    while (l >= 0 && (text[l] !== c || (s === 0 && l > 0 && /[\p{L}\p{N}]/u.test(text[l - 1]!)))) l--;
    if (l < 0) return undefined;
    l--;
    s--;
  }
  const start = text.lastIndexOf(' ', l + 1) + 1;
  const tail = text.slice(start).split(' ');
  return tail.length >= 1 && tail.length <= letters.length + 2 ? words.slice(words.length - tail.length) : undefined;
}
