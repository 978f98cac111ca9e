import { Chart } from 'cdk8s';
import { synthValid, findObjects, validateManifests } from './harness';
import { SparkOperator } from '../src';
test('probe', () => {
  try {
    synthValid((app) => { new SparkOperator(new Chart(app, 'p'), 'Op', { jobNamespaces: ['spark-operator', 'etl'] }); });
  } catch (e) { console.log('same-ns:', (e as Error).message.slice(0, 600)); }
  const d = synthValid((app) => { new SparkOperator(new Chart(app, 'p'), 'Op', { jobNamespaces: ['etl'], leaderElection: false, metrics: { enabled: false } }); });
  console.log(JSON.stringify(findObjects(d, 'Role').filter((r) => r.metadata.namespace === 'spark-operator').map((r) => r.rules)));
  const c = findObjects(d, 'Deployment')[0];
  console.log(JSON.stringify(c.spec.template.metadata), JSON.stringify(c.spec.template.spec.containers[0].ports));
  const s = synthValid((app) => { new SparkOperator(new Chart(app, 'p'), 'Op', { jobNamespaceSelector: 'spark=on' }); });
  console.log(JSON.stringify(findObjects(s, 'Deployment')[1].spec.template.spec.containers[0].args));
  void validateManifests;
});
