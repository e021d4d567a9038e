import { createServer } from 'node:http';

/** A bare node:http server answering enrol's small JSON: the least any Node HTTP service pays per request. */
const answer = JSON.stringify({ message: 'success', detail: 'Client enrolled', url: '0'.repeat(32) });
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
    res.end(answer);
  });
}).listen(Number(process.argv[2]), '127.0.0.1', () => process.send?.('ready'));
