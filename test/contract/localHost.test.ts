import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { createLocalHttpServer, listen } from '../../src/server/localHttpServer';
import { webhookContract } from './webhookContract';

webhookContract('local HTTP host', async (env) => {
  const app = createApp({ settings: readSettings(env), logger: { info() {}, warn() {}, error() {} } });
  const server = createLocalHttpServer(app.handle);
  const baseUrl = await listen(server, 0);
  return {
    baseUrl,
    send: (request) => fetch(request),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
