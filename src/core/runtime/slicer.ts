/** Long work in slices, so the event loop (gateway heartbeats, other questions) keeps turning. */

/** Longest stretch of synchronous work between two pauses, in milliseconds. */
export const SLICE_MS = 15;

/** Lets the event loop turn once: between steps that each take tens of milliseconds on a large index. */
export const pause = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Yields to the event loop once {@link SLICE_MS} milliseconds of work have passed since the
 * last pause. Call {@link Slicer.maybePause} between small units of work.
 */
export class Slicer {
  private started = performance.now();

  async maybePause(): Promise<void> {
    if (performance.now() - this.started < SLICE_MS) return;
    await pause();
    this.started = performance.now();
  }
}
