/** `wink-porter2-stemmer` ships no types: one function, word in, Porter2 stem out. */
declare module 'wink-porter2-stemmer' {
  const stem: (word: string) => string;
  export default stem;
}

/** `wink-lemmatizer` ships no types: base forms by WordNet's rules and exception lists. */
declare module 'wink-lemmatizer' {
  const lemmatizer: {
    /** "led" → "lead", "died" → "die"; the word itself when it is not an inflected verb. */
    verb(word: string): string;
    /** "children" → "child", "agreements" → "agreement". */
    noun(word: string): string;
    /** "better" → "good". */
    adjective(word: string): string;
  };
  export default lemmatizer;
}
