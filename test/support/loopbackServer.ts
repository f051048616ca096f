import type http from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { listen } from '../../src/server/httpHost';

/**
 * Serves `server` on 127.0.0.1 and a free port for the enclosing suite, and
 * closes it (and any connection left open) after. The origin, e.g.
 * http://127.0.0.1:41234, is known once the suite's tests run.
 */
export function serveDuringSuite(server: http.Server): () => string {
  let origin = '';
  beforeAll(async () => {
    origin = await listen(server, 0);
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return () => origin;
}
