// The yardstick of bench:serve: a bare fastify route answering 10 fixed items in the shape of
// GET /recommendations, no plugins, no logging, one process. What reco serves per second is
// quoted as a share of this figure, measured in the same run, so the ratio survives a noisy host.
// Usage: node --import tsx bench/bare-server.ts PORT (prints "listening" when ready).
import Fastify from 'fastify';

const port = Number(process.argv[2]);
const app = Fastify({ logger: false });
const items = Array.from({ length: 10 }, (_, i) => ({ itemId: `i${i + 1}`, score: 1 / (i + 1) }));
app.get('/recommendations/:userId', async (req) => ({
  userId: (req.params as { userId: string }).userId,
  modelVersion: 'bare',
  items,
}));
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write('listening\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
