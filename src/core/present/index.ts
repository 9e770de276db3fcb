/** Presentation: results as Discord markdown or plain terminal text. */
export * from './format.js';
export * from './safe-text.js';
