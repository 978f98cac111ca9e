import { Chart, Testing } from 'cdk8s';
import { PersistentVolumeClaim } from 'cdk8s-plus-28';
import { EventLog, S3a, SparkVolume } from '../../src';

const URL_SCHEMES = ['s3a', 'gs', 'hdfs', 'abfs', 'abfss', 'wasb', 'wasbs', 'oss', 'cos'];
const refs = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
const PVC = SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(refs, 'Events', 'spark-events'));

describe('EventLog.toUrl', () => {
  test('an object-store directory, written by the driver', () => {
    const log = EventLog.toUrl('s3a://spark-logs/events');
    expect(log.directory).toBe('s3a://spark-logs/events');
    expect(log.s3a).toBeUndefined();
    expect(log.volume).toBeUndefined();
    expect(log.mountPath).toBeUndefined();
    expect(log._problem()).toBeUndefined();
    expect(log._writerConf()).toEqual({ 'spark.eventLog.enabled': 'true', 'spark.eventLog.dir': 's3a://spark-logs/events' });
  });

  test('trailing slashes are dropped, so writers and readers name the same directory', () => {
    expect(EventLog.toUrl('s3a://spark-logs/events//').directory).toBe('s3a://spark-logs/events');
  });

  test('its own S3A access', () => {
    const s3a = new S3a({ endpoint: 'http://minio.storage:9000' });
    expect(EventLog.toUrl('s3a://spark-logs/events', { s3a }).s3a).toBe(s3a);
  });

  test.each(URL_SCHEMES)('accepts the scheme %s', (scheme) => {
    const log = EventLog.toUrl(`${scheme}://logs/events`);
    expect(log._problem()).toBeUndefined();
    expect(log.directory).toBe(`${scheme}://logs/events`);
  });

  test('the scheme is read case-insensitively', () => {
    expect(EventLog.toUrl('HDFS://namenode/events')._problem()).toBeUndefined();
  });

  test.each(['file:///tmp/events', 'local:///var/spark-events', 'FILE:/tmp/events'])('fails on the local directory %s', (url) => {
    const log = EventLog.toUrl(url);
    expect(log.directory).toBe(url);
    expect(log._problem()).toEqual({
      requirement: 'must not be a local directory without a volume behind it: each pod would write to its own scratch disk and the History Server would see nothing',
      fix: 'use EventLog.onVolume(pvcVolume) for a shared volume, or an object-store URL such as \'s3a://bucket/spark-events\'',
    });
  });

  test.each(['https://logs.example.com/events', 's3://bucket/events', '/var/spark-events', 'spark-events'])('fails on %s, which Spark cannot write event logs to', (url) => {
    expect(EventLog.toUrl(url)._problem()).toEqual({
      requirement: 'must be a URL with a scheme Spark can write event logs to (s3a, gs, hdfs, abfs, abfss, wasb, wasbs, oss, cos)',
      fix: 'use e.g. \'s3a://bucket/spark-events\'',
    });
  });
});

describe('EventLog.onVolume', () => {
  test('defaults', () => {
    const log = EventLog.onVolume(PVC);
    expect(log.directory).toBe('file:///var/spark-events');
    expect(log.volume).toBe(PVC);
    expect(log.mountPath).toBe('/var/spark-events');
    expect(log.s3a).toBeUndefined();
    expect(log._problem()).toBeUndefined();
    expect(log._writerConf()).toEqual({ 'spark.eventLog.enabled': 'true', 'spark.eventLog.dir': 'file:///var/spark-events' });
  });

  test('a mount path', () => {
    const log = EventLog.onVolume(PVC, { mountPath: '/data/events' });
    expect(log.directory).toBe('file:///data/events');
    expect(log.mountPath).toBe('/data/events');
  });

  test('fails on a relative mount path', () => {
    expect(EventLog.onVolume(PVC, { mountPath: 'data/events' })._problem()).toEqual({ requirement: 'must mount at an absolute path', fix: 'use \'/data/events\'' });
    expect(EventLog.onVolume(PVC, { mountPath: './data/events' })._problem()).toEqual({ requirement: 'must mount at an absolute path', fix: 'use \'/data/events\'' });
  });

  test.each(['../events', '.', ''])('fails on the mount path %j, which names no place, with an example instead of a guess', (mountPath) => {
    expect(EventLog.onVolume(PVC, { mountPath })._problem()).toEqual({ requirement: 'must mount at an absolute path', fix: 'use e.g. \'/var/spark-events\'' });
  });
});
