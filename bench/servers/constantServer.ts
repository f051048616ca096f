import http from 'node:http';
import { readFileSync } from 'node:fs';

// The ceiling: node:http answering a constant XML document (the bytes of our
// first webhook's answer) without reading the request. No webhook can be
// cheaper on this runtime.

const xml = readFileSync(process.env.BENCH_CONSTANT_FILE ?? '');
const headers = { 'content-type': 'text/xml; charset=utf-8', 'content-length': String(xml.byteLength) };

const server = http.createServer((_req, res) => {
  res.writeHead(200, headers).end(xml);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address() as import('node:net').AddressInfo;
  console.log(`listening on http://127.0.0.1:${address.port}`);
});
