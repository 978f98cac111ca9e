import { Chart, Testing } from 'cdk8s';
import { checkImage } from '../../src/pod/_image';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function check(image: string, exampleTag?: string): void {
  checkImage(new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' }), 'image', image, exampleTag);
}

describe('checkImage', () => {
  test.each([
    'apache/spark:4.0.4',
    'spark:4.0.4',
    'registry.example.com/team/spark:4.0.4-python3',
    'registry.example.com:5000/spark:4.0.4',
    'apache/spark:V4_0',
    `apache/spark@${DIGEST}`,
    `apache/spark:4.0.4@${DIGEST}`,
    `registry.example.com:5000/spark@${DIGEST}`,
    `apache/spark:${'a'.repeat(128)}`,
  ])('accepts %s', (image) => {
    expect(() => check(image)).not.toThrow();
  });

  test('fails on an image without a tag, with an example tag of the version', () => {
    expect(() => check('apache/spark')).toThrow('[test] \'image\' must pin a tag or digest (without one the registry serves whatever \'latest\' is today), got \'apache/spark\'; use \'apache/spark:<version>\', e.g. \'apache/spark:4.0.4\'');
    expect(() => check('apache/spark', '3.5.8')).toThrow('[test] \'image\' must pin a tag or digest (without one the registry serves whatever \'latest\' is today), got \'apache/spark\'; use \'apache/spark:<version>\', e.g. \'apache/spark:3.5.8\'');
  });

  test('fails on a registry port without a tag: the port is not a tag', () => {
    expect(() => check('registry.example.com:5000/spark')).toThrow('[test] \'image\' must pin a tag or digest (without one the registry serves whatever \'latest\' is today), got \'registry.example.com:5000/spark\'; use \'registry.example.com:5000/spark:<version>\', e.g. \'registry.example.com:5000/spark:4.0.4\'');
  });

  test('fails on the latest tag', () => {
    expect(() => check('apache/spark:latest')).toThrow('[test] \'image\' must not use the \'latest\' tag (it changes under a running job and defeats IfNotPresent), got \'apache/spark:latest\'; pin a version, e.g. \'apache/spark:4.0.4\'');
  });

  test.each(['apache/spark:', 'apache/spark:-rc1', 'apache/spark:4.0.4+build', `apache/spark:${'a'.repeat(129)}`])('fails on the invalid tag of %s', (image) => {
    expect(() => check(image, '3.5.8')).toThrow(`[test] 'image' must have a valid tag (letters, digits, '_', '.' and '-', at most 128), got '${image}'; pin a version, e.g. 'apache/spark:3.5.8'`);
  });

  test('fails on an upper-case repository, keeping the tag in the fix', () => {
    expect(() => check('Apache/Spark:4.0.4-Python3')).toThrow('[test] \'image\' must have a lower-case repository, got \'Apache/Spark:4.0.4-Python3\'; use \'apache/spark:4.0.4-Python3\'');
    expect(() => check(`Apache/spark@${DIGEST}`)).toThrow(`[test] 'image' must have a lower-case repository, got 'Apache/spark@${DIGEST}'; use 'apache/spark@${DIGEST}'`);
  });

  test.each(['apache/spark@sha256:abc', `apache/spark@sha512:${'a'.repeat(64)}`, `apache/spark@sha256:${'A'.repeat(64)}`, 'apache/spark@'])('fails on the digest of %s', (image) => {
    expect(() => check(image)).toThrow(`[test] 'image' must have a sha256 digest of 64 hex characters after '@', got '${image}'; copy the digest from the registry`);
  });

  test('names the prop it is given', () => {
    expect(() => checkImage(new Chart(Testing.app(), 'test'), 'executor.image', 'apache/spark:latest'))
      .toThrow('[test] \'executor.image\' must not use the \'latest\' tag');
  });
});
