import { isRecoError } from '../errors.ts';

const USAGE = `reco <command> [flags]

Commands:
  demo       generate the demo world if missing, train if no bundle exists, serve (npm start)
  generate   reco generate --out DIR [--seed N] [--scale S]   write a deterministic demo world
  train      reco train --data DIR [--format auto|reco|movielens] [--events FILE | --from-store] [--out models] [--epochs N]
  serve      reco serve [--model DIR] [--port N] [--host ADDR] [--db FILE]
  gc         reco gc [--model DIR] [--keep-bundles N] [--dry-run]   delete old bundles no server uses
  evaluate   reco evaluate --data DIR [--split leave-last-out|temporal] [--models softmax,pipeline,wals,popular,...] [--out reports]
  config     print the effective configuration (defaults < RECO_* environment < flags)

Every flag also has a RECO_* environment variable: see README.md, "Configuration".`;

// Loaded lazily: `reco generate` should not pay for TensorFlow.js and fastify start-up.
const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  demo: async (a) => (await import('./demo.ts')).runDemo(a),
  generate: async (a) => (await import('./generate.ts')).runGenerate(a),
  train: async (a) => (await import('./train.ts')).runTrain(a),
  serve: async (a) => (await import('./serve.ts')).runServe(a),
  gc: async (a) => (await import('./gc.ts')).runGc(a),
  evaluate: async (a) => (await import('./evaluate.ts')).runEvaluate(a),
  config: async (a) => (await import('./config.ts')).runConfig(a),
};

const [command, ...rest] = process.argv.slice(2);
const run = command ? COMMANDS[command] : undefined;
if (!run) {
  process.stderr.write(
    `${command && command !== 'help' && command !== '--help' ? `unknown command "${command}"\n\n` : ''}${USAGE}\n`,
  );
  process.exit(command && command !== 'help' && command !== '--help' ? 2 : 0);
}
run(rest).catch((e: unknown) => {
  // Usage mistakes (bad flag, bad value) get one clear line; anything else a stack trace.
  const code = (e as { code?: string }).code;
  if (isRecoError(e) || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`reco ${command}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`reco ${command}: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
