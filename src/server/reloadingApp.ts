import { watch, type FSWatcher } from 'node:fs';
import type { App } from '../app/createApp';
import type { PlainHandler } from '../http/plainHttp';

/**
 * Serves the app built from the flow file as it is now: when the file
 * changes, a new app is built; if the edited flow is wrong, the error is
 * reported and calls keep getting the last good flow rather than failing.
 */
export function reloadingApp(
  build: () => App,
  file: string,
  report: { info(message: string): void; error(message: string): void },
): { handle: PlainHandler; current: () => App; close: () => void } {
  let app = build();
  let timer: NodeJS.Timeout | undefined;
  const rebuild = () => {
    try {
      app = build();
      report.info(`Flow reloaded from ${file}`);
    } catch (err) {
      report.error(`Flow not reloaded, still serving the previous one:\n${(err as Error).message}`);
    }
  };
  let watcher: FSWatcher | undefined;
  try {
    // Editors save in bursts (truncate, write, rename): rebuild once it settles.
    watcher = watch(file, () => {
      clearTimeout(timer);
      timer = setTimeout(rebuild, 150);
    });
  } catch {
    report.error(`Cannot watch ${file}; restart the server after editing it.`);
  }
  return {
    handle: (request) => app.handle(request),
    current: () => app,
    close: () => {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
