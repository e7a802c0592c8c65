// The reference sync servers bench/collab.py measures ours against, both keeping documents in
// memory only: `node servers.mjs y-websocket <port>` (@y/websocket-server's own connection
// handler on a `ws` server) or `node servers.mjs hocuspocus <port>`. Prints "ready" once it
// listens.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';
import { Server } from '@hocuspocus/server';

const [kind, port] = process.argv.slice(2);
if (kind === 'y-websocket') {
  const server = http.createServer((_, response) => response.writeHead(200).end('ok'));
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket, request) => setupWSConnection(socket, request));
  server.listen(Number(port), '127.0.0.1', () => console.log('ready'));
} else if (kind === 'hocuspocus') {
  const server = new Server({ port: Number(port), address: '127.0.0.1', quiet: true });
  await server.listen();
  console.log('ready');
} else {
  throw new Error(`unknown server ${kind}`);
}
