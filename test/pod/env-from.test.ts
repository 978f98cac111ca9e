import { Chart, Testing } from 'cdk8s';
import { ConfigMap, Secret } from 'cdk8s-plus-28';
import { SparkEnvFrom } from '../../src';

/** The wire format as it is serialized (undefined fields dropped). */
function wire(e: SparkEnvFrom): any {
  return JSON.parse(JSON.stringify(e._toWire()));
}

describe('SparkEnvFrom', () => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'spark-jobs' });
  const secret = Secret.fromSecretName(chart, 'Creds', 'db-credentials');
  const configMap = ConfigMap.fromConfigMapName(chart, 'Settings', 'app-settings');

  test('every key of a Secret', () => {
    expect(wire(SparkEnvFrom.secret(secret))).toEqual({ secretRef: { name: 'db-credentials' } });
  });

  test('every key of a ConfigMap', () => {
    expect(wire(SparkEnvFrom.configMap(configMap))).toEqual({ configMapRef: { name: 'app-settings' } });
  });

  test('a prefix and optional', () => {
    expect(wire(SparkEnvFrom.secret(secret, { prefix: 'DB_', optional: true }))).toEqual({ prefix: 'DB_', secretRef: { name: 'db-credentials', optional: true } });
    expect(wire(SparkEnvFrom.configMap(configMap, { prefix: 'APP_', optional: false }))).toEqual({ prefix: 'APP_', configMapRef: { name: 'app-settings', optional: false } });
  });

  test('the wire format is a copy', () => {
    const envFrom = SparkEnvFrom.configMap(configMap);
    envFrom._toWire().prefix = 'CHANGED_';
    expect(wire(envFrom)).toEqual({ configMapRef: { name: 'app-settings' } });
  });
});
