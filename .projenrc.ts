import { JsonFile, cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-spark',
  description: 'Typed, validated cdk8s constructs for Apache Spark on Kubernetes: the Kubeflow Spark Operator and its custom resources, Spark Connect, spark-submit jobs, standalone clusters and the History Server.',
  author: 'cdk8s-spark maintainers',
  authorAddress: 'maintainers@cdk8s-spark.example',
  repositoryUrl: 'https://example.com/cdk8s-spark.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'spark', 'apache-spark', 'kubernetes', 'spark-operator', 'kubeflow', 'spark-connect'],
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,

  // Toolchain, pinned so a fresh install resolves the same way (see shared/research/toolchain.md).
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',
  minNodeVersion: '20.16.0',

  // Peer floors low enough for consumers; cdk8s-plus-28's own floors.
  cdk8sVersion: '2.68.12',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: [
    'cdk8s-cli@^2.207.60',
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    'kubernetes-models@4.5.1',
    // A consumer on the cdk8s-plus line `cdk8s init` gives new apps must type-check and synth (test/consumer).
    'cdk8s-plus-33@2.5.57',
    // Property-based tests feed arbitrary strings to every string prop (test/input).
    'fast-check@^4',
    'yaml@^2.9.1',
    // The suite's environment extends Node's (test/harness/environment.js).
    'jest-environment-node@^30',
  ],

  // A snapshot mismatch must fail `test`; `npx projen test:update` rewrites them.
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/'],
      // Coverage instruments every file and made the suite three times slower (292 s
      // against 89 s on the 2-core CI machine): `npx projen coverage` collects it on demand.
      collectCoverage: false,
      // Jest's default on 2 cores is one worker (cores - 1), which runs the suite in band;
      // the main process only schedules, so both cores can run test files.
      maxWorkers: '100%',
      testTimeout: 60_000,
      // Node's environment plus a Map the test files of one worker share, for the harness's
      // compiled schema validators (test/harness/environment.js).
      testEnvironment: '<rootDir>/test/harness/environment.js',
      // A worker ends by letting its event loop drain; Node then tears down a heap of about 600 MB
      // (the worker caches of test/harness/worker-cache.ts), which can take longer than Jest's 500 ms
      // default, so Jest force-killed the workers and printed its leak warning on every full run.
      // They exit on their own within this; a worker held open by a real leak is still reported.
      workerGracefulExitTimeout: 3_000,
      // One temporary directory for the run, removed at its end (test/harness/temp-dir-setup.js).
      globalSetup: '<rootDir>/test/harness/temp-dir-setup.js',
      globalTeardown: '<rootDir>/test/harness/temp-dir-teardown.js',
    },
  },

  // eslint keeps what it found per file content (node_modules/.cache/eslint): a second run over
  // unchanged files takes 2 s instead of 24 s. CI fills it on the idle core during the build.
  eslintOptions: {
    dirs: ['src'],
    commandOptions: { extraArgs: ['--cache', '--cache-location', 'node_modules/.cache/eslint/', '--cache-strategy', 'content'] },
  },

  // No GitHub here: no workflows, no mergify, no release/bump tasks.
  github: false,
  release: false,
  docgen: true,
  // The assembly ships gzipped (.jsii redirects to .jsii.gz).
  compressAssembly: true,
});

// The registry lacks some platform builds of unrs-resolver 1.13.x; without this
// `npm ci` fails with "Missing: @unrs/resolver-binding-... from lock file".
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// What CI tests: the suite and the consumer check on Node 22 and 24, the build on Node 20
// (end of life since 2026-10-30; kept while it costs nothing: it is this machine's Node).
project.package.addEngine('node', '^20.16.0 || ^22.0.0 || ^24.0.0');
// `npm publish` (not `npm pack`) refuses metadata that points at a placeholder (scripts/publish-metadata.js):
// the project's public repository and address are set here at the first release.
project.package.setScript('prepublishOnly', 'node scripts/publish-metadata.js');

// --- CRD pipeline ---------------------------------------------------------
// Reads the pinned operator release's CRDs, strips descriptions, writes
// src/crds/*.json and generates the L1 bindings in src/imports/.
project.addTask('import-crds', {
  description: 'Strip descriptions from the Kubeflow (SPARK_OPERATOR_CRDS_DIR) and Apache (APACHE_SPARK_OPERATOR_CRDS_DIR) Spark operator CRDs into src/crds/ and generate src/imports/ (--source kubeflow|apache DIR for one)',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
  exec: 'ts-node --transpile-only scripts/import-crds.ts',
  receiveArgs: true,
});
// The runtime types of every construct's props, read from the props interfaces of src/ (scripts/prop-types.ts):
// writes src/_prop-types.generated.ts, which test/input/runtime-types.test.ts compares with what this makes of src/.
project.addTask('gen-prop-types', {
  description: 'Generate src/_prop-types.generated.ts (the runtime types of every construct\'s props) from the props interfaces of src/',
  exec: 'ts-node --transpile-only scripts/prop-types.ts',
});
project.eslint?.addIgnorePattern('src/imports/');
project.eslint?.addIgnorePattern('src/_prop-types.generated.ts');
project.eslint?.addIgnorePattern('examples/dist/');
project.eslint?.addIgnorePattern('test/lint/fixtures/');
// Layers (DESIGN.md): spark/ -> pod/ -> rbac/ -> application/ -> backends. No import from a lower
// layer to a higher one, backends never import each other, no cycles.
const LAYERS = ['spark', 'pod', 'network', 'rbac', 'application'];
const BACKENDS = ['operator', 'apache', 'connect', 'submit', 'standalone', 'history'];
// Above the backends: gitops/ orders what they all emit; nothing below imports it.
const TOP = ['gitops'];
const src = (dir: string) => `./src/${dir}`;
project.eslint?.addRules({
  'import/no-cycle': ['error', { ignoreExternal: true }],
  'import/no-restricted-paths': ['error', {
    zones: [
      // The base files (_validation, _registry, _input, _plus, _collecting, _message, errors) import no layer.
      ...['_validation.ts', '_registry.ts', '_input.ts', '_plus.ts', '_collecting.ts', '_message.ts', 'errors.ts'].map((file) => ({
        target: `./src/${file}`, from: [...LAYERS, ...BACKENDS, ...TOP].map(src), message: 'the base files import no layer',
      })),
      ...LAYERS.map((layer, i) => ({
        target: src(layer), from: [...LAYERS.slice(i + 1), ...BACKENDS, ...TOP].map(src), message: `${layer}/ may only import the layers below it`,
      })),
      ...BACKENDS.map((backend) => ({
        target: src(backend), from: BACKENDS.filter((b) => b !== backend).map(src), message: 'backends never import each other; share through application/',
      })),
      ...BACKENDS.map((backend) => ({
        target: src(backend), from: TOP.map(src), message: `${backend}/ may not import gitops/, which orders what the backends emit`,
      })),
    ],
  }],
});
// Cycles matter in the library's import graph; a test, example or script is imported by nothing,
// so it cannot close a cycle. The rule parses every module each file reaches (80% of the lint
// time when it ran on tests too).
project.eslint?.addOverride({ files: ['test/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', 'build-tools/**/*.ts', 'projenrc/**/*.ts', '.projenrc.ts'], rules: { 'import/no-cycle': 'off' } });
// Exact-message tests quote whole error messages.
project.eslint?.addOverride({ files: ['test/**/*.ts'], rules: { '@stylistic/max-len': 'off' } });
// --- the package: only what runs or types ---------------------------------
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/.ci/');
// API.md is the repository's reference; the README ships.
project.addPackageIgnore('/API.md');
// compressAssembly writes the assembly next to .jsii; both are build output.
project.gitignore.exclude('/.jsii.gz');
// The L1 module is imported for its types only (src/operator/_application-spec.ts): no shipped
// .d.ts of the public API reaches it, and loading it would cost megabytes.
project.addPackageIgnore('/lib/imports/');
// Source maps would point at src/, which is not shipped.
project.tsconfig?.file.addOverride('compilerOptions.inlineSourceMap', false);
project.tsconfig?.file.addOverride('compilerOptions.inlineSources', false);
// The stripped CRDs are read at run time by SparkOperator: ship them in lib/.
project.postCompileTask.prependExec('node scripts/compact-crds.js');
// require('cdk8s-spark') loads a module when a program first reads one of its exports (after strip-comments).
project.postCompileTask.prependExec('node scripts/lazy-index.js');
// The compiled modules ship without comments (no sources or maps ship for them to serve); the .d.ts keep their docs.
project.postCompileTask.prependExec('node scripts/strip-comments.js');

// --- examples -------------------------------------------------------------
new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts'],
    exclude: ['dist'],
  },
});
new JsonFile(project, 'scripts/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts'],
  },
});
project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('scripts');
project.eslint?.allowDevDeps('examples/**');
project.eslint?.allowDevDeps('scripts/**');
project.tsconfigDev.addInclude('../examples/**/*.ts');
project.tsconfigDev.addInclude('../scripts/**/*.ts');
project.tsconfigDev.addExclude('../examples/dist');
// Consumer programs import the packed 'cdk8s-spark'; the consumer check type-checks them in their own app.
project.tsconfigDev.addExclude('../scripts/consumer');
project.gitignore.addPatterns('/examples/dist/', '/bench-results/');

project.addTask('consumer-check', {
  description: 'Pack the built library, install it into a fresh cdk8s-plus-33 app, type-check and synth the Quick start and a platform program, and run the harness on the output',
  exec: 'node scripts/consumer-check.js',
});

project.addTask('synth-examples', {
  description: 'Synthesize every app in examples/ into examples/dist/<example>/',
  exec: 'ts-node --transpile-only scripts/synth-examples.ts',
});

project.addTask('coverage', {
  description: 'The test suite with coverage (coverage/)',
  exec: 'jest --passWithNoTests --ci --coverage',
  receiveArgs: true,
});

// --- bench ----------------------------------------------------------------
const bench = project.addTask('bench', {
  description: 'Synth time and peak memory: 10 / 100 / 1,000 SparkApplications vs raw ApiObjects and plain yaml (synth), and 1,000 / 5,000 as a cdk8s app vs `helm template` of ../shared/bench/helm-peer, plus require() time (helm), and the proof harness per document (harness); BENCH_NODE=24 for Node 24',
});
bench.spawn(project.compileTask);
bench.exec('node scripts/bench.js', { receiveArgs: true });

// ts-jest runs transpile-only, so type errors in test/ and examples/ would pass
// silently: type-check them first.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src/, test/, examples/ and scripts/',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
project.testTask.prependSpawn(typecheck);

// Node 20 is past jsii's support window (works; prints a large banner per jsii run).
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

project.synth();
