import { createServer, connect, type Server } from 'node:net';

/** A TCP round-robin balancer in front of the web processes, as a load balancer would be. */
export async function startBalancer(port: number, targets: () => number[]): Promise<{ stop: () => Promise<void> }> {
  let next = 0;
  const server: Server = createServer((socket) => {
    const ports = targets();
    const upstream = connect(ports[next++ % ports.length]!, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
