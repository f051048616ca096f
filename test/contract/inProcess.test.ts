import { createApp } from '../../src/app/createApp';
import { readSettings } from '../../src/config/settings';
import { webhookContract } from './webhookContract';

webhookContract('in-process app.fetch', async (env) => {
  const app = createApp({ settings: readSettings(env), logger: { info() {}, warn() {}, error() {} } });
  return { baseUrl: 'http://localhost:7071', send: app.fetch, close: async () => {} };
});
