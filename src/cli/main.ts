import { isRecoError } from '../errors.ts';
import { runConfig } from './config.ts';
import { runDemo } from './demo.ts';
import { runGenerate } from './generate.ts';
import { runServe, SERVE_USAGE } from './serve.ts';
import { runTrain, TRAIN_USAGE } from './train.ts';

const USAGE = `reco <command> [flags]

Commands:
  demo       generate the demo world if missing, train if no bundle exists, serve (npm start)
  generate   reco generate --out DIR [--seed N] [--scale S]   write a deterministic demo world
  train      ${TRAIN_USAGE.split('\n')[0].replace('reco train ', '')}
  serve      ${SERVE_USAGE.split('\n')[0].replace('reco serve ', '')}
  config     print the effective configuration (defaults < RECO_* environment < flags)

Every flag also has a RECO_* environment variable: see README.md, "Configuration".`;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  demo: runDemo,
  generate: runGenerate,
  train: runTrain,
  serve: runServe,
  config: runConfig,
};

const [command, ...rest] = process.argv.slice(2);
const run = command ? COMMANDS[command] : undefined;
if (!run) {
  process.stderr.write(`${command && command !== 'help' && command !== '--help' ? `unknown command "${command}"\n\n` : ''}${USAGE}\n`);
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
