import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadPhase, LoadWorkerData, PhaseResult } from './loadWorker';

export type { LoadPhase, PhaseResult };

/**
 * Drives a server on 127.0.0.1 from a worker thread (its own core), so the
 * process being measured shares its core with nothing of the generator's.
 */
export class LoadGenerator {
  private constructor(private readonly worker: Worker) {}

  static async connect(port: number, requests: Uint8Array[], connections: number): Promise<LoadGenerator> {
    const worker = new Worker(path.join(__dirname, 'loadWorker.js'), {
      workerData: { port, connections, requests } satisfies LoadWorkerData,
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return new LoadGenerator(worker);
  }

  /** Runs one bounded phase of load and resolves when every request sent has been answered. */
  run(phase: LoadPhase): Promise<PhaseResult> {
    return new Promise((resolve, reject) => {
      // A phase is bounded in time; a server that stops answering must not hang the bench.
      const timer = setTimeout(() => reject(new Error('load phase did not finish: the server stopped answering')), phase.durationMs + 30_000);
      this.worker.once('message', (result: PhaseResult) => {
        clearTimeout(timer);
        if (result.error) reject(new Error(result.error));
        else resolve(result);
      });
      this.worker.postMessage({ type: 'run', phase });
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' });
    await this.worker.terminate();
  }
}
