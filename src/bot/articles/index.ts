/**
 * Moderators' article tools for `/mou-admin`: adding an article by link or file (`intake.ts`),
 * removing one, undoing the last change and recording each (`changes.ts`), the history, the
 * texts they show (`render.ts`), the changes awaiting a click (`confirmations.ts`) and the
 * Discord handlers (`handlers.ts`).
 */
export { addArticle, type ChangeDone, type Moderator, recordRefresh, removeArticle, undoLastChange } from './changes.js';
export { CONFIRMATION_TTL_MS, Confirmations, MAX_CONFIRMATIONS, type Pending } from './confirmations.js';
export { add, history, HISTORY_NEEDS_DATABASE, onButton, remove, settle, undo } from './handlers.js';
export { articleFromAttachment, articleFromLink, ATTACHMENT_LIMITS, type NewArticle } from './intake.js';
