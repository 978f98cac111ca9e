import { createHash } from 'crypto';
import {
  CONFIG_CHECKSUM_ANNOTATION, configFiles, configVolume, daemonEnv, filesChecksum, podTemplateFile, SPARK_CONF_DIR, sparkDefaultsFile,
} from '../../src/pod/_config-files';
import { findObject, synthChartValid } from '../harness';

describe('sparkDefaultsFile', () => {
  test('one sorted "key value" line per key, ending in a newline', () => {
    expect(sparkDefaultsFile({ 'spark.b': '2', 'spark.a': 'x y' })).toBe('spark.a x y\nspark.b 2\n');
  });

  test('an empty configuration is an empty line', () => {
    expect(sparkDefaultsFile({})).toBe('\n');
  });
});

describe('podTemplateFile', () => {
  test('a Pod as indented JSON, ending in a newline', () => {
    const file = podTemplateFile({ metadata: { labels: { a: 'b' } }, spec: { containers: [] } });
    expect(file).toBe('{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {\n    "labels": {\n      "a": "b"\n    }\n  },\n  "spec": {\n    "containers": []\n  }\n}\n');
    expect(JSON.parse(file)).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 'b' } }, spec: { containers: [] } });
  });
});

describe('filesChecksum', () => {
  test('of nothing is the SHA-256 of nothing', () => {
    expect(filesChecksum({})).toBe(createHash('sha256').digest('hex'));
    expect(filesChecksum({})).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test('is the SHA-256 of every name and content, sorted by name and NUL-separated', () => {
    const expected = createHash('sha256').update('a.conf\0one\0b.conf\0two\0').digest('hex');
    expect(filesChecksum({ 'b.conf': 'two', 'a.conf': 'one' })).toBe(expected);
  });

  test('does not depend on the order the files were added', () => {
    expect(filesChecksum({ 'a.conf': '1', 'b.conf': '2' })).toBe(filesChecksum({ 'b.conf': '2', 'a.conf': '1' }));
  });

  test('changes with any content, any name, and where a name ends', () => {
    const base = filesChecksum({ 'spark-defaults.conf': 'spark.a 1\n' });
    expect(filesChecksum({ 'spark-defaults.conf': 'spark.a 2\n' })).not.toBe(base);
    expect(filesChecksum({ 'spark-default.conf': 'spark.a 1\n' })).not.toBe(base);
    expect(filesChecksum({ 'spark-defaults.conf': 'spark.a 1\n', 'log4j2.properties': '' })).not.toBe(base);
    expect(filesChecksum({ ab: 'c' })).not.toBe(filesChecksum({ a: 'bc' }));
  });

  test('is 64 hex characters', () => {
    expect(filesChecksum({ x: 'y' })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('configFiles', () => {
  test('a ConfigMap whose files render at synth, so later changes reach it', () => {
    const docs = synthChartValid((chart) => {
      const files: { [file: string]: string } = { 'spark-defaults.conf': 'spark.a 1\n' };
      const configMap = configFiles(chart, 'Conf', 'etl-conf', 'spark-jobs', () => files);
      files['log4j2.properties'] = 'rootLogger.level = info\n';
      expect(configMap.kind).toBe('ConfigMap');
      expect(configMap.node.id).toBe('Conf');
    });
    expect(findObject(docs, 'ConfigMap', 'etl-conf')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'etl-conf', namespace: 'spark-jobs' },
      data: { 'log4j2.properties': 'rootLogger.level = info\n', 'spark-defaults.conf': 'spark.a 1\n' },
    });
  });
});

describe('configVolume', () => {
  test('mounts the ConfigMap read-only at the Spark conf directory', () => {
    expect(SPARK_CONF_DIR).toBe('/etc/spark/conf');
    expect(configVolume('etl-conf')).toEqual({
      volume: { name: 'spark-conf', configMap: { name: 'etl-conf' } },
      mount: { name: 'spark-conf', mountPath: '/etc/spark/conf', readOnly: true },
    });
  });
});

describe('daemonEnv', () => {
  test('foreground daemons with logs and conf in known places', () => {
    expect(daemonEnv()).toEqual([
      { name: 'SPARK_NO_DAEMONIZE', value: 'true' },
      { name: 'SPARK_CONF_DIR', value: '/etc/spark/conf' },
      { name: 'SPARK_LOG_DIR', value: '/tmp/spark-logs' },
    ]);
  });

  test('the checksum annotation is in the library\'s domain', () => {
    expect(CONFIG_CHECKSUM_ANNOTATION).toBe('spark.cdk8s.io/config-checksum');
  });
});
