/**
 * How the engine runs, whatever it runs: long work in slices so the event loop keeps turning
 * (`slicer.ts`), and the project's own files on disk, with the module a thread should start
 * (`project-files.ts`). It imports no other folder of the core.
 */
export * from './project-files.js';
export * from './slicer.js';
