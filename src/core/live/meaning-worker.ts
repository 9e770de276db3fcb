/**
 * Encoding sentences into meaning vectors in a worker thread. Encoding takes milliseconds per
 * sentence, minutes for a large knowledge base: in its own thread it holds up neither the bot
 * nor the thread that answers questions.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from './threads.js';

/** Sentences to encode. */
export interface MeaningRequest {
  readonly id: number;
  readonly sentences: readonly string[];
}

/** Their vectors, one after another, or why they could not be encoded. */
export type MeaningReply = { readonly id: number; readonly vectors: Int8Array } | { readonly id: number; readonly error: string };

/** A worker thread that encodes sentences; it keeps the process alive only while it has work. */
export class MeaningWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(vectors: Int8Array): void; reject(error: Error): void }>();

  /** The meaning vectors of `sentences`, one after another. Rejects when the worker fails or is closed. */
  encode(sentences: readonly string[]): Promise<Int8Array> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, sentences } satisfies MeaningRequest);
    });
  }

  /** Stops the worker; encodings under way are rejected. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = startWorker(new URL('./meaning-thread.js', import.meta.url));
    worker.unref();
    worker.on('message', (reply: MeaningReply) => {
      const call = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in reply) call?.reject(new Error(`could not encode sentences: ${reply.error}`));
      else call?.resolve(reply.vectors);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the meaning worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
