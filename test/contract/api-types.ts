/**
 * The TypeScript types of the contract: openapi-typescript's reading of openapi.yaml, formatted
 * the way the rest of the tree is (biome), so the committed `api.d.ts` passes `npm run lint` and
 * a drift test can compare it byte for byte. `npm run openapi` writes it next to openapi.yaml.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Where the generated types live, relative to the repository root. */
export const API_TYPES_PATH = 'test/contract/api.d.ts';

const HEADER =
  '// Generated from openapi.yaml by `npm run openapi` (openapi-typescript); do not edit.\n' +
  '// test/contract/typed-client.test.ts checks it is current.\n';

/** The types for the OpenAPI document `yamlText`. */
export async function generateApiTypes(yamlText: string): Promise<string> {
  const ts = HEADER + astToString(await openapiTS(yamlText));
  return biomeFormat(ts);
}

/** Formats `source` as biome would format API_TYPES_PATH, without touching the file. */
function biomeFormat(source: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      `${root}node_modules/.bin/biome`,
      ['format', `--stdin-file-path=${API_TYPES_PATH}`],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`biome format: ${stderr || err.message}`)) : resolve(stdout),
    );
    child.stdin?.end(source);
  });
}
