// The layers of src/, earliest first: a module may import its own layer and earlier ones, never a
// later one (docs/architecture.md draws them). `npm run lint` fails on a back-arrow.
const LAYERS = [
  ['foundation', '^src/(errors\\.ts|errors/|foundation/|config/|runtime/)'],
  ['data', '^src/data/'],
  ['events', '^src/events/'],
  ['features', '^src/features/'],
  ['models', '^src/models/'],
  ['index', '^src/index/'],
  ['candidates', '^src/candidates/'],
  ['bundle', '^src/bundle/'],
  ['training', '^src/training/'],
  ['serving', '^src/serving/'],
  ['http', '^src/http/'],
  ['evaluation', '^src/evaluation/'],
  ['cli', '^src/cli/'],
];

const backArrows = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `no-back-arrow-from-${name}`,
  comment: `${name} may not import a later layer (${LAYERS.slice(i + 1)
    .map(([n]) => n)
    .join(', ')})`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => `(${p})`).join('|') },
}));

module.exports = {
  forbidden: [
    ...backArrows,
    {
      name: 'every-module-in-a-layer',
      comment: 'a folder of src/ that is not in the layer list would escape the rule above',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map(([, p]) => `(${p})`).join('|') },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'modules importing each other, directly or through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
