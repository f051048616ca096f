import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { createHttpHost, listen } from '../../src/server/httpHost';
import { webhookContract } from './webhookContract';

webhookContract('local node:http host', async (env) => {
  const app = createApp({ settings: readSettings(env), logger: { info() {}, warn() {}, error() {} } });
  const server = createHttpHost(app.handle);
  const baseUrl = await listen(server, 0);
  return {
    baseUrl,
    send: (request) => fetch(request),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
