import http from 'node:http';
import { readFileSync } from 'node:fs';

// The conventional baseline: what a Twilio voice webhook usually looks like,
// on bare node:http (no framework): parse the form, twilio.validateRequest,
// build the TwiML with twilio's VoiceResponse on every request. It answers the
// same document as our first webhook, with the prompts read from the flow.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const twilio = require('twilio') as typeof import('twilio');

const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';
const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? '';
const flow = JSON.parse(readFileSync(process.env.IVR_FLOW_FILE ?? '', 'utf8'));
const languages = flow.languages as Record<string, { tag: string; voice: string }>;
const welcome = flow.nodes[flow.lines.consumer.start] as { prompt: Array<Record<string, string>>; timeoutSeconds: number };
const prompts = welcome.prompt.map((segment) => {
  const language = segment.language ?? flow.defaultLanguage;
  return { text: segment.text ?? segment[language]!, language: languages[language]!.tag, voice: languages[language]!.voice };
});
const next = '/api/voice/continue?line=consumer&node=consumer-welcome&lang=it&tries=0';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const signature = req.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || !twilio.validateRequest(authToken, signature, publicBaseUrl + req.url, params)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
      return;
    }
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({ input: ['dtmf'], numDigits: 1, finishOnKey: '', timeout: welcome.timeoutSeconds, action: next, method: 'POST' });
    for (const prompt of prompts) {
      gather.say({ language: prompt.language as never, voice: prompt.voice as never }, prompt.text);
    }
    response.redirect({ method: 'POST' }, next);
    const xml = response.toString();
    res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(xml) }).end(xml);
  });
});

// The bench gives it a free port; it counts as started once it answers.
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
