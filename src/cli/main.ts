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

reco <command> --help (or reco help <command>) prints the command's flags.
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

// `reco <command> --help`: the command's usage, from the module that declares its flags.
const USAGES: Record<string, () => Promise<string>> = {
  demo: async () => (await import('./demo.ts')).DEMO_USAGE,
  generate: async () => (await import('./generate.ts')).GENERATE_USAGE,
  train: async () => (await import('./train.ts')).TRAIN_USAGE,
  serve: async () => (await import('./serve.ts')).SERVE_USAGE,
  gc: async () => (await import('./gc.ts')).GC_USAGE,
  evaluate: async () => (await import('./evaluate.ts')).EVALUATE_USAGE,
  config: async () => (await import('./config.ts')).CONFIG_USAGE,
};

const HELP = ['--help', '-h', 'help'];

/** Whether the arguments ask for help (`--help` or `-h`, before any `--`). */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || HELP.includes(command)) {
  // `reco`, `reco --help`; `reco help COMMAND` is `reco COMMAND --help`.
  const topic = command === 'help' ? rest[0] : undefined;
  if (topic !== undefined && !Object.hasOwn(USAGES, topic)) {
    process.stderr.write(`unknown command "${topic}"\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stdout.write(`${topic === undefined ? USAGE : await USAGES[topic]()}\n`);
  process.exit(0);
}
const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
if (!run) {
  process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`);
  process.exit(2);
}
if (wantsHelp(rest)) {
  process.stdout.write(`${await USAGES[command]()}\n`);
  process.exit(0);
}
run(rest).catch((e: unknown) => {
  // Errors reco raises on purpose (a bad flag or value, a malformed data file, a refused bundle)
  // get one clear line and exit status 2; anything else a stack trace and 1.
  const code = (e as { code?: string }).code;
  if (isRecoError(e) || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`reco ${command}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`reco ${command}: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
