import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { createNodeHttpServer, listen } from '../../src/server/nodeHttpHost';
import { webhookContract } from './webhookContract';

webhookContract('local node:http host', async (env) => {
  const app = createApp({ settings: readSettings(env), logger: { info() {}, warn() {}, error() {} } });
  const server = createNodeHttpServer(app.handle);
  const baseUrl = await listen(server, 0);
  return {
    baseUrl,
    send: (request) => fetch(request),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
