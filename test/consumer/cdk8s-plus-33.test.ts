import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { build } from './plus33-app';
import { SparkVolume } from '../../src';
import { findObject, synthValid } from '../harness';

/**
 * cdk8s-plus major lines have classes with private members of their own; a
 * consumer on cdk8s-plus-33 must still type-check against this library (the
 * `typecheck` task covers plus33-app.ts) and synthesize valid manifests.
 */
describe('a cdk8s-plus-33 consumer', () => {
  test('type-checks and synthesizes through the harness', () => {
    const docs = synthValid(build, { externalServiceAccounts: ['analytics/spark-driver'] });
    const etl = findObject(docs, 'SparkApplication', 'etl').spec;
    expect(etl.imagePullSecrets).toEqual(['registry']);
    expect(etl.sparkConfigMap).toBe('app-settings');
    expect(etl.driver.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'app-settings' } }, { secretRef: { name: 's3-credentials' } }]);
    expect(etl.driver.template.spec.volumes).toEqual(expect.arrayContaining([
      { name: 'secret-s3-credentials', secret: { secretName: 's3-credentials' } },
      { name: 'pvc-spark-events', persistentVolumeClaim: { claimName: 'spark-events', readOnly: false } },
    ]));
    expect(etl.executor.template.spec.containers[1].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '64Mi' } });
    expect(findObject(docs, 'SparkConnect', 'bi').spec.server.template.spec.containers[0].env)
      .toContainEqual({ name: 'SPARK_CONNECT_AUTHENTICATE_TOKEN', valueFrom: { secretKeyRef: { name: 'bi-token', key: 'token' } } });
  });

  test('cdk8s-plus-33 volumes come in through the library\'s own SparkVolume', () => {
    const chart = new Chart(Testing.app(), 'c');
    const pvc = kplus.PersistentVolumeClaim.fromClaimName(chart, 'Claim', 'data');
    expect(SparkVolume.fromPersistentVolumeClaim(pvc, { readOnly: true })._toWire()).toEqual({ name: 'pvc-data', persistentVolumeClaim: { claimName: 'data', readOnly: true } });
  });
});
