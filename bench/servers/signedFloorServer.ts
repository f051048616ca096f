import http from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

// The signed floor: the least any webhook that checks Twilio's signature does
// on node:http, written plainly: read the form, one HMAC-SHA1 over the URL and
// the sorted parameters, compare in constant time, answer a constant document
// (the bytes of our first webhook's answer). No menu, clock or TwiML: what it
// reaches is about as near the ceiling as a plainly written signed webhook
// gets on this machine, whatever it does after the check.

const xml = readFileSync(process.env.BENCH_CONSTANT_FILE ?? '');
const headers = { 'content-type': 'text/xml; charset=utf-8', 'content-length': String(xml.byteLength) };
const authToken = process.env.TWILIO_AUTH_TOKEN ?? '';
const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? '';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    let signed = publicBaseUrl + (req.url ?? '/');
    for (const name of Object.keys(params).sort()) signed += name + params[name];
    const expected = Buffer.from(createHmac('sha1', authToken).update(signed, 'utf8').digest('base64'));
    const received = Buffer.from(String(req.headers['x-twilio-signature'] ?? ''));
    if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
      return;
    }
    res.writeHead(200, headers).end(xml);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address() as import('node:net').AddressInfo;
  console.log(`listening on http://127.0.0.1:${address.port}`);
});
