/** The part of `stopword` 3 that mou-bot uses (the package ships no types). */
declare module 'stopword' {
  /** English stop words, lower case. */
  export const eng: readonly string[];
}
