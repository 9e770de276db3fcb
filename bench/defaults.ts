/**
 * The bench's defaults, kept apart from the modules that load the answer engine so that
 * `run.ts` reads its command line (and refuses a mistake in it) without loading the engine.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The seed used when none is given. Any fixed number will do; this one is just the default. */
export const DEFAULT_SEED = 20_240_611;

/** Where corpora are written unless told otherwise: one folder per passage count. */
export const DEFAULT_CORPUS_ROOT = path.join(tmpdir(), 'mou-bench');
