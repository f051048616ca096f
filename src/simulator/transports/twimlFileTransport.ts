// Serves one TwiML file as if it lived at `firstUrl`. Any other URL (an
// action, a redirect) is refused, and the call ends naming the URL it would
// have fetched: the way to run documents such as Twilio's doc snippets.

import { readFileSync } from 'node:fs';
import type { Transport } from '../types';
import { RefusedUrlError } from './refusedUrl';

export function twimlFileTransport(path: string, firstUrl: string): Transport {
  const twiml = readFileSync(path, 'utf8');
  const served = documentAddress(firstUrl);
  return async (request) => {
    // A GET adds the call's parameters to the query; it is still the same document.
    if (documentAddress(request.url) !== served) {
      throw new RefusedUrlError(request.url, `only ${firstUrl} is served, from ${path}`);
    }
    return { status: 200, headers: { 'content-type': 'text/xml' }, body: twiml };
  };
}

function documentAddress(url: string): string {
  const parsed = new URL(url);
  return parsed.origin + parsed.pathname;
}
