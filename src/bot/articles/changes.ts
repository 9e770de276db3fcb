/**
 * The moderators' changes to the knowledge folder: add an article, remove one, undo the last
 * add or remove of a server. Each goes through the bot's refresh (`../refresh.ts`), which makes
 * the change once no other refresh or change runs and undoes it when the refresh after it
 * fails, then is recorded in the change log (`src/data/changes.ts`) and logged.
 *
 * Without the database, adding and removing still work but are only logged: `undo` and
 * `history` need the change log, and say so.
 */
import type { Config } from '../../config.js';
import {
  articleFileHash, deleteArticleFile, discordText, fileNameText, moveToTrash, restoreFromTrash, writeArticleFile, type RefreshReport,
} from '../../core/index.js';
import { lastUndoable, markNotUndoable, recordChange, type ChangeAction, type ChangeRecord, type Database, type NewChange } from '../../data/index.js';
import type { Logger } from '../../logger.js';
import { UserError } from '../errors.js';
import { tryRecords, useRecords } from '../records.js';
import type { BotRefreshReport, FolderChange, Refresher } from '../refresh.js';
import type { NewArticle } from './intake.js';

/** A moderator making a change, and the server they make it in. */
export interface Moderator {
  readonly id: string;
  readonly name: string;
  readonly guildId: string;
}

/** What the changes need of the bot. */
export interface ChangeContext {
  readonly refresh: Refresher;
  readonly records: Database | undefined;
  readonly logger: Logger;
  readonly config: Pick<Config, 'knowledgeDir'>;
}

/** Why a change was not written to the change log: no database, or writing failed (logged). */
export type Unrecorded = 'no database' | 'failed';

/** A change made: the refresh after it, the article, and its record in the change log. */
export interface ChangeDone {
  readonly action: ChangeAction;
  readonly report: BotRefreshReport;
  readonly title?: string;
  readonly file?: string;
  /** The file's name in the trash folder (removed). */
  readonly trashFile?: string;
  /** The hash of the file as written (added), which undo compares before taking it out. */
  readonly fileHash?: string;
  /** The change undone (undo). */
  readonly undid?: ChangeRecord;
  /** The record in the change log, or why there is none. */
  readonly recorded: { readonly ok: true; readonly change: ChangeRecord } | { readonly ok: false; readonly reason: Unrecorded };
}

/** What `undo` says when the database is unavailable. */
export const UNDO_NEEDS_DATABASE = 'Undo needs the bot\'s database, which is unavailable (the bot\'s log says why). Ask the operator to restore the file from the trash folder instead.';

/**
 * An undo cannot be carried out because the change's article has changed since; the change is
 * skipped from then on. `reason` is plain text (file names as they are), recorded in the change
 * log and shown through `discordText`.
 */
export class NotUndoableError extends UserError {
  constructor(readonly change: ChangeRecord, readonly reason: string) {
    super(`Change #${change.id} cannot be undone: ${discordText(reason)}.`);
    this.name = 'NotUndoableError';
  }
}

/** Records a change in the change log; a failure is logged, never thrown (the change itself is done). */
function record(context: Pick<ChangeContext, 'records' | 'logger'>, who: Moderator, change: Omit<NewChange, 'guildId' | 'userId' | 'userName'>): ChangeDone['recorded'] {
  if (!context.records) return { ok: false, reason: 'no database' };
  try {
    return { ok: true, change: recordChange(context.records, { ...change, guildId: who.guildId, userId: who.id, userName: who.name }) };
  } catch (error) {
    context.logger.error({ err: error, event: 'knowledge-change', change }, 'a change to the knowledge base could not be recorded in the database');
    return { ok: false, reason: 'failed' };
  }
}

/** Records and logs a change made. */
function done(context: ChangeContext, who: Moderator, change: Omit<ChangeDone, 'recorded'>): ChangeDone {
  const versions = { versionBefore: change.report.versionBefore.hash, versionAfter: change.report.version.hash };
  const recorded = record(context, who, {
    action: change.action,
    ...versions,
    ...(change.title !== undefined && { title: change.title }),
    ...(change.file !== undefined && { file: change.file }),
    ...(change.trashFile !== undefined && { trashFile: change.trashFile }),
    ...(change.fileHash !== undefined && { fileHash: change.fileHash }),
    ...(change.undid && { undoes: change.undid.id }),
  });
  context.logger.info({
    event: 'knowledge-change', action: change.action, title: change.title, file: change.file, trashFile: change.trashFile,
    undoes: change.undid?.id, changeId: recorded.ok ? recorded.change.id : undefined, recorded: recorded.ok || recorded.reason,
    guildId: who.guildId, requestedBy: { id: who.id, name: who.name }, ...versions,
  }, change.undid ? 'change undone' : `article ${change.action}`);
  return { ...change, recorded };
}

/** Refreshes after `change`, as `who`. */
function refreshWith(context: ChangeContext, who: Moderator, change: FolderChange): Promise<BotRefreshReport> {
  return context.refresh({ id: who.id, name: who.name }, { dryRun: false, change });
}

/**
 * Writes `article` into the knowledge folder under a name from its title and refreshes. Rejects
 * as the refresher does (`RefreshInProgressError`: nothing written; `ArticleError`: the file is
 * removed again).
 */
export async function addArticle(context: ChangeContext, who: Moderator, article: NewArticle): Promise<ChangeDone> {
  const dir = context.config.knowledgeDir;
  let written: { readonly file: string; readonly hash: string } | undefined;
  const report = await refreshWith(context, who, {
    describe: { action: 'add', title: article.article.title },
    async apply() {
      const result = await writeArticleFile(dir, article.bytes, article.extension);
      // The intake checked the bytes with the same rules: this is a bug, not bad input.
      if (!result.ok) throw new Error(`add: a checked article does not load: ${JSON.stringify(result.problems)}`);
      written = { file: result.file, hash: result.article.hash };
    },
    async revert() {
      if (written !== undefined) await deleteArticleFile(dir, written.file);
    },
  });
  return done(context, who, { action: 'added', report, title: article.article.title, ...(written && { file: written.file, fileHash: written.hash }) });
}

/**
 * A change that moves `file` to the trash folder, and back to the same place if the refresh
 * fails. `check` runs first and may refuse (throw) without changing anything.
 */
function trashing(dir: string, file: string, describe: FolderChange['describe'], gone: () => Error, check?: () => Promise<void>): FolderChange & { trashed(): string | undefined } {
  let trashFile: string | undefined;
  return {
    describe,
    trashed: () => trashFile,
    async apply() {
      await check?.();
      try {
        trashFile = await moveToTrash(dir, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw gone();
        throw error;
      }
    },
    async revert() {
      if (trashFile === undefined) return;
      const restored = await restoreFromTrash(dir, trashFile, file);
      if (!restored.ok) throw new Error(`${file} could not be put back from the trash folder (${restored.reason})`);
    },
  };
}

/**
 * Moves the article file `file` to the trash folder and refreshes. Rejects with a `UserError`
 * when the file is no longer there, and as the refresher does (`ArticleError`: the file is put
 * back).
 */
export async function removeArticle(context: ChangeContext, who: Moderator, file: string, title: string): Promise<ChangeDone> {
  const change = trashing(context.config.knowledgeDir, file, { action: 'remove', file },
    () => new UserError(`“${discordText(title)}” is no longer in the knowledge folder (${fileNameText(file)} was removed meanwhile); nothing changed.`));
  const report = await refreshWith(context, who, change);
  const trashFile = change.trashed();
  return done(context, who, { action: 'removed', report, title, file, ...(trashFile !== undefined && { trashFile }) });
}

/** The change that reverts `target`: its file back into the trash (an add) or out of it (a remove). */
function reverting(dir: string, target: ChangeRecord): FolderChange & { trashed(): string | undefined } {
  const file = target.file;
  if (file === undefined) throw new Error(`undo: change #${target.id} names no file`);
  const describe = { action: 'undo', change: String(target.id), file };
  if (target.action === 'added') {
    const gone = () => new NotUndoableError(target, `its file ${file} is no longer in the knowledge folder`);
    return trashing(dir, file, describe, gone, async () => {
      // A file edited by hand since is no longer the one added: taking it out would lose the edit.
      // (Adds recorded before the hash was kept have none, and are taken out as they are.)
      const hash = target.fileHash === undefined ? undefined : await articleFileHash(dir, file);
      if (hash !== undefined && hash !== target.fileHash) throw new NotUndoableError(target, `its file ${file} was changed since it was added`);
    });
  }
  const trashFile = target.trashFile;
  if (trashFile === undefined) throw new Error(`undo: removal #${target.id} names no file in the trash`);
  return {
    describe,
    trashed: () => undefined,
    async apply() {
      const restored = await restoreFromTrash(dir, trashFile, file);
      if (restored.ok) return;
      if (restored.reason === 'not in trash') throw new NotUndoableError(target, `its file is no longer in the trash folder (${trashFile})`);
      throw new UserError(restored.reason === 'name taken'
        ? `Change #${target.id} cannot be undone yet: the knowledge folder has a file named ${fileNameText(file)} again. Remove it first, then undo.`
        : `Change #${target.id} cannot be undone yet: the knowledge folder has another article with the same id as ${fileNameText(file)}. Remove it first, then undo.`);
    },
    async revert() {
      await moveToTrash(dir, file, { as: trashFile });
    },
  };
}

/**
 * Reverts the newest add or remove made in `who`'s server that has not been undone: moves an
 * added article to the trash, or puts a removed one back, and refreshes. Throws a `UserError`
 * when there is nothing to undo or no database; a {@link NotUndoableError} (the change is
 * skipped from now on) when its article has changed since (an added file edited or deleted by
 * hand, a trashed file gone); rejects as the refresher does.
 */
export async function undoLastChange(context: ChangeContext, who: Moderator): Promise<ChangeDone> {
  const { records } = context;
  if (!records) throw new UserError(UNDO_NEEDS_DATABASE);
  const target = useRecords(context, 'find the change to undo', (database) => lastUndoable(database, who.guildId));
  if (!target) throw new UserError('Nothing to undo: no article added or removed in this server is left to undo (see `/mou-admin history`).');
  const change = reverting(context.config.knowledgeDir, target);
  let report: BotRefreshReport;
  try {
    report = await refreshWith(context, who, change);
  } catch (error) {
    if (error instanceof NotUndoableError) tryRecords(context, 'mark a change as not undoable', (database) => markNotUndoable(database, target.id, error.reason));
    throw error;
  }
  const trashFile = change.trashed();
  return done(context, who, {
    action: target.action === 'added' ? 'removed' : 'added',
    report,
    undid: target,
    ...(target.title !== undefined && { title: target.title }),
    ...(target.file !== undefined && { file: target.file }),
    ...(trashFile !== undefined && { trashFile }),
  });
}

/** Records a moderator's refresh in the change log (a dry run changes nothing and is not recorded). */
export function recordRefresh(context: Pick<ChangeContext, 'records' | 'logger'>, who: Moderator, report: RefreshReport): ChangeDone['recorded'] {
  return record(context, who, {
    action: 'refreshed', versionBefore: report.versionBefore.hash, versionAfter: report.version.hash,
  });
}
