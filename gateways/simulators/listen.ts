import type { AddressInfo, Server } from 'node:net';

/** Listens on 127.0.0.1 (port 0: a free one) and returns the port; a bind error rejects. */
export function listenLocal(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
