import { ApiObject, App, Chart } from 'cdk8s';
import {
  ApplicationFile, GitOpsOrder, GitOpsPhase, SparkApplication, SparkOperator,
} from '../../src';
import { findObject, findObjects, registerCrd, synthValid, testCrd } from '../harness';
import { errorOf } from '../harness/expect-error';

const WAVE = 'argocd.argoproj.io/sync-wave';
const OPTIONS = 'argocd.argoproj.io/sync-options';
const JAR = ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar');

/** An operator in its own chart (with its Namespace) and one SparkApplication in a chart of jobs. */
function platform(app: App): { operator: SparkOperator; jobs: Chart; pi: SparkApplication } {
  const operator = new SparkOperator(new Chart(app, 'platform'), 'Operator', { createNamespace: true, jobNamespaces: ['spark-jobs'] });
  const jobs = new Chart(app, 'jobs', { namespace: 'spark-jobs' });
  const pi = new SparkApplication(jobs, 'Pi', { name: 'pi', mainApplicationFile: JAR, mainClass: 'org.apache.spark.examples.SparkPi' });
  return { operator, jobs, pi };
}

const wave = (doc: any): string | undefined => doc.metadata?.annotations?.[WAVE];
const options = (doc: any): string | undefined => doc.metadata?.annotations?.[OPTIONS];

describe('GitOpsOrder.argoCdSyncWaves', () => {
  test('defaults', () => {
    let order: GitOpsOrder | undefined;
    const docs = synthValid((app) => {
      platform(app);
      order = GitOpsOrder.argoCdSyncWaves(app);
    });
    expect(order!.firstWave).toBe(-4);
    expect(order!.skipDryRunOnMissingResource).toBe(true);
    expect([GitOpsPhase.DEFINITIONS, GitOpsPhase.ACCESS, GitOpsPhase.OPERATOR, GitOpsPhase.ADMISSION, GitOpsPhase.WORKLOADS].map((p) => order!.waveOf(p)))
      .toEqual([-4, -3, -2, -1, 0]);
    const waves = (kind: string) => [...new Set(findObjects(docs, kind).map(wave))];
    expect(waves('CustomResourceDefinition')).toEqual(['-4']);
    expect(waves('Namespace')).toEqual(['-4']);
    for (const kind of ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']) expect(waves(kind)).toEqual(['-3']);
    expect(waves('Deployment')).toEqual(['-2']);
    expect(wave(findObject(docs, 'Service', 'spark-operator-webhook-svc'))).toBe('-2');
    expect(waves('MutatingWebhookConfiguration')).toEqual(['-1']);
    expect(waves('ValidatingWebhookConfiguration')).toEqual(['-1']);
    const pi = findObject(docs, 'SparkApplication', 'pi');
    expect(wave(pi)).toBe('0');
    expect(options(pi)).toBe('SkipDryRunOnMissingResource=true');
    // Only custom resources of the App's CRDs get the sync option.
    expect(docs.filter((d) => options(d) !== undefined).map((d) => d.kind)).toEqual(['SparkApplication']);
    expect(docs.filter((d) => wave(d) === undefined)).toEqual([]);
  });

  test('a CustomResourceDefinition of the user\'s own puts its custom resources in the workloads wave, with the dry-run option', () => {
    const crd = testCrd('example.com', 'Widget', [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } },
    ]);
    registerCrd(crd);
    const docs = synthValid((app) => {
      const { jobs } = platform(app);
      new ApiObject(jobs, 'WidgetCrd', crd);
      new ApiObject(jobs, 'Widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } });
    });
    expect(wave(findObject(docs, 'CustomResourceDefinition', 'widgets.example.com'))).toBe('-4');
    const widget = findObject(docs, 'Widget', 'w');
    expect(wave(widget)).toBe('0');
    expect(options(widget)).toBe('SkipDryRunOnMissingResource=true');
  });

  test('objects added after the ordering are ordered too', () => {
    const docs = synthValid((app) => {
      GitOpsOrder.argoCdSyncWaves(app);
      const { operator, jobs } = platform(app);
      const etl = operator.addJobNamespace('etl');
      new SparkApplication(jobs, 'Late', { name: 'late', jobNamespace: etl, mainApplicationFile: JAR, mainClass: 'org.apache.spark.examples.SparkPi' });
    });
    expect(wave(findObject(docs, 'SparkApplication', 'late'))).toBe('0');
    expect(findObjects(docs, 'ServiceAccount').filter((d) => d.metadata.namespace === 'etl').map(wave)).toEqual(['-3']);
    expect(docs.filter((d) => wave(d) === undefined)).toEqual([]);
  });

  test('firstWave shifts every wave', () => {
    const docs = synthValid((app) => {
      platform(app);
      GitOpsOrder.argoCdSyncWaves(app, { firstWave: 10 });
    });
    expect(wave(findObjects(docs, 'CustomResourceDefinition')[0])).toBe('10');
    expect(wave(findObject(docs, 'Deployment', 'spark-operator-webhook'))).toBe('12');
    expect(wave(findObject(docs, 'SparkApplication', 'pi'))).toBe('14');
  });

  test('skipDryRunOnMissingResource: false leaves the sync options alone', () => {
    const docs = synthValid((app) => {
      platform(app);
      GitOpsOrder.argoCdSyncWaves(app, { skipDryRunOnMissingResource: false });
    });
    expect(docs.filter((d) => options(d) !== undefined)).toEqual([]);
  });

  test('sync options the user set are kept, and the dry-run option added', () => {
    const docs = synthValid((app) => {
      const { pi } = platform(app);
      ApiObject.of(pi).metadata.addAnnotation(OPTIONS, 'Prune=false');
      GitOpsOrder.argoCdSyncWaves(app);
    });
    expect(options(findObject(docs, 'SparkApplication', 'pi'))).toBe('Prune=false,SkipDryRunOnMissingResource=true');
  });

  test('a wave the user set is kept when it is the wave of the phase', () => {
    const docs = synthValid((app) => {
      const { pi } = platform(app);
      ApiObject.of(pi).metadata.addAnnotation(WAVE, '0');
      GitOpsOrder.argoCdSyncWaves(app);
    });
    expect(wave(findObject(docs, 'SparkApplication', 'pi'))).toBe('0');
  });

  test('asking twice with the same options returns the same ordering', () => {
    const app = new App();
    platform(app);
    const first = GitOpsOrder.argoCdSyncWaves(app, { firstWave: 1 });
    expect(GitOpsOrder.argoCdSyncWaves(app, { firstWave: 1 })).toBe(first);
    // A chart inside the App, same options: both give the same waves.
    GitOpsOrder.argoCdSyncWaves(app.charts[0], { firstWave: 1 });
    const docs = app.charts.flatMap((c) => c.toJson());
    expect(wave(findObject(docs, 'Deployment', 'spark-operator-webhook'))).toBe('3');
  });

  test('only objects under the scope are ordered', () => {
    const docs = synthValid((app) => {
      platform(app);
      GitOpsOrder.argoCdSyncWaves(app.charts[0]);
    });
    expect(wave(findObject(docs, 'Deployment', 'spark-operator-controller'))).toBe('-2');
    expect(findObject(docs, 'SparkApplication', 'pi').metadata.annotations).toBeUndefined();
  });

  test('a SparkOperator\'s common annotations set to a wave conflict with the phases', () => {
    const message = errorOf((app) => {
      new SparkOperator(new Chart(app, 'platform'), 'Operator', { jobNamespaces: ['spark-jobs'], commonAnnotations: { [WAVE]: '-2' } });
      GitOpsOrder.argoCdSyncWaves(app);
    });
    // The Deployments belong to wave -2 already; the others are reported, each under its own path.
    expect(message).toContain('  [platform/Operator/CrdSparkApplication] \'metadata.annotations.argocd.argoproj.io/sync-wave\' conflicts with wave \'-4\', which GitOpsOrder gives the definitions phase, got \'-2\'; remove the annotation (GitOpsOrder orders every object under the App), or order a scope that does not hold this object');
    expect(message).toContain('[platform/Operator/MutatingWebhookConfiguration]');
    expect(message).not.toContain('[platform/Operator/WebhookDeployment');
  });
});

describe('GitOpsOrder.argoCdSyncWaves refuses', () => {
  test('fails on an object whose sync wave is set to another wave', () => {
    expect(errorOf((app) => {
      const { pi } = platform(app);
      ApiObject.of(pi).metadata.addAnnotation(WAVE, '5');
      GitOpsOrder.argoCdSyncWaves(app);
    })).toBe('Validation failed with the following errors:\n  [jobs/Pi/Resource] \'metadata.annotations.argocd.argoproj.io/sync-wave\' conflicts with wave \'0\', which GitOpsOrder gives the workloads phase, got \'5\'; remove the annotation (GitOpsOrder orders every object under the App), or order a scope that does not hold this object');
  });

  test('fails on a custom resource whose sync options refuse to skip the dry run', () => {
    expect(errorOf((app) => {
      const { pi } = platform(app);
      ApiObject.of(pi).metadata.addAnnotation(OPTIONS, 'Prune=false,SkipDryRunOnMissingResource=false');
      GitOpsOrder.argoCdSyncWaves(app.charts[1]);
    })).toBe('Validation failed with the following errors:\n  [jobs/Pi/Resource] \'metadata.annotations.argocd.argoproj.io/sync-options\' sets SkipDryRunOnMissingResource=false, but GitOpsOrder gives custom resources whose CustomResourceDefinition the App holds SkipDryRunOnMissingResource=true, got \'Prune=false,SkipDryRunOnMissingResource=false\'; remove \'SkipDryRunOnMissingResource=false\', or pass skipDryRunOnMissingResource: false');
  });

  test('fails on a second ordering with other options over the same objects', () => {
    expect(errorOf((app) => {
      const { jobs } = platform(app);
      GitOpsOrder.argoCdSyncWaves(app);
      GitOpsOrder.argoCdSyncWaves(jobs, { firstWave: 0 });
    })).toBe('[jobs] \'options\' conflicts with the sync waves already asked for the App ({"firstWave":-4,"skipDryRunOnMissingResource":true}), which cover the same objects, got {"firstWave":0,"skipDryRunOnMissingResource":true}; order the App once, or pass the same options');
  });

  test('orderings of separate charts may differ', () => {
    const docs = synthValid((app) => {
      const { jobs } = platform(app);
      GitOpsOrder.argoCdSyncWaves(app.charts[0]);
      GitOpsOrder.argoCdSyncWaves(jobs, { firstWave: 10 });
    });
    expect(wave(findObject(docs, 'SparkApplication', 'pi'))).toBe('14');
  });

  test('fails on a wave that is not a whole number', () => {
    expect(errorOf((app) => GitOpsOrder.argoCdSyncWaves(app, { firstWave: 1.5 })))
      .toBe('[] \'firstWave\' must be a whole number (Argo CD parses the wave as an integer), got 1.5; use e.g. -4');
    expect(errorOf((app) => GitOpsOrder.argoCdSyncWaves(app, { firstWave: '1' as any })))
      .toBe('[] \'firstWave\' must be a finite number, got \'1\'; use e.g. -4');
  });

  test('fails on a skipDryRunOnMissingResource that is not a boolean', () => {
    expect(errorOf((app) => GitOpsOrder.argoCdSyncWaves(app, { skipDryRunOnMissingResource: 'false' as any })))
      .toBe('[] \'skipDryRunOnMissingResource\' must be true or false, got \'false\'; use false (a boolean, not a string)');
  });
});

describe('GitOpsOrder.phaseOf', () => {
  test('by kind, by CRD in the App, by belonging to the operator', () => {
    const app = new App();
    const { operator, pi } = platform(app);
    const other = new Chart(app, 'other', { namespace: 'bi' });
    const deployment = new ApiObject(other, 'Deployment', { apiVersion: 'apps/v1', kind: 'Deployment' });
    const config = new ApiObject(other, 'Config', { apiVersion: 'v1', kind: 'ConfigMap' });
    const role = new ApiObject(other, 'Role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' });
    // A custom resource of another group that borrows a built-in kind name is not mistaken for it.
    const lookalike = new ApiObject(other, 'Lookalike', { apiVersion: 'example.com/v1', kind: 'Namespace' });
    const of = (c: any) => GitOpsOrder.phaseOf(c as ApiObject);
    const child = (id: string) => operator.node.findChild(id);
    expect(of(child('CrdSparkApplication'))).toBe(GitOpsPhase.DEFINITIONS);
    expect(of(child('Namespace'))).toBe(GitOpsPhase.DEFINITIONS);
    expect(of(child('WebhookServiceAccount'))).toBe(GitOpsPhase.ACCESS);
    expect(of(child('WebhookService'))).toBe(GitOpsPhase.OPERATOR);
    expect(of(ApiObject.of(operator))).toBe(GitOpsPhase.OPERATOR);
    expect(of(child('MutatingWebhookConfiguration'))).toBe(GitOpsPhase.ADMISSION);
    expect(of(ApiObject.of(pi))).toBe(GitOpsPhase.WORKLOADS);
    // A Deployment outside the operator is a workload; its ConfigMaps and Roles come before it.
    expect(of(deployment)).toBe(GitOpsPhase.WORKLOADS);
    expect([of(config), of(role)]).toEqual([GitOpsPhase.ACCESS, GitOpsPhase.ACCESS]);
    expect(of(lookalike)).toBe(GitOpsPhase.WORKLOADS);
  });

  test('a custom resource whose CRD the App does not hold is ordered by where it is', () => {
    const app = new App();
    const operator = new SparkOperator(new Chart(app, 'platform'), 'Operator', {
      jobNamespaces: ['spark-jobs'], certManager: { selfSigned: true },
    });
    const certificate = operator.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Certificate') as ApiObject;
    expect(GitOpsOrder.phaseOf(certificate)).toBe(GitOpsPhase.OPERATOR);
    const other = new ApiObject(new Chart(app, 'other'), 'Monitor', { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'm' } });
    expect(GitOpsOrder.phaseOf(other)).toBe(GitOpsPhase.WORKLOADS);
  });
});

describe('GitOpsOrder.fluxLayout', () => {
  test('charts that split the operator from the custom resources pass', () => {
    const docs = synthValid((app) => {
      platform(app);
      GitOpsOrder.fluxLayout(app);
    });
    expect(findObjects(docs, 'SparkApplication')).toHaveLength(1);
  });

  test('fails on a chart that holds the webhook and the custom resources it admits', () => {
    expect(errorOf((app) => {
      const chart = new Chart(app, 'all', { namespace: 'spark-jobs' });
      new SparkOperator(chart, 'Operator', { jobNamespaces: ['spark-jobs'] });
      new SparkApplication(chart, 'Pi', { name: 'pi', mainApplicationFile: JAR, mainClass: 'org.apache.spark.examples.SparkPi' });
      GitOpsOrder.fluxLayout(app);
    })).toBe('Validation failed with the following errors:\n  [all] \'chart\' holds both the MutatingWebhookConfiguration all/Operator/MutatingWebhookConfiguration and the SparkApplication all/Pi/Resource; Flux applies one Kustomization\'s objects together, so the custom resource would reach the webhook before it serves, got \'all\'; move the custom resources to a chart of their own, whose Kustomization dependsOn this chart\'s (with wait: true)');
  });
});

describe('the default ordering of an App with a SparkOperator', () => {
  test('Argo CD sync waves, as argoCdSyncWaves(app) with its defaults would set them', () => {
    const byDefault = synthValid((app) => platform(app));
    const explicit = synthValid((app) => {
      platform(app);
      GitOpsOrder.argoCdSyncWaves(app);
    });
    expect(byDefault.map((d) => [d.kind, d.metadata.name, wave(d)])).toEqual(explicit.map((d) => [d.kind, d.metadata.name, wave(d)]));
    expect(wave(findObject(byDefault, 'SparkApplication'))).toBe('0');
    expect(wave(findObject(byDefault, 'CustomResourceDefinition', 'sparkapplications.sparkoperator.k8s.io'))).toBe('-4');
  });

  test('none with GitOpsOrder.none(), with the Flux layout, or without an operator', () => {
    const none = synthValid((app) => {
      platform(app);
      GitOpsOrder.none(app);
    });
    expect(none.filter((d) => wave(d) !== undefined)).toEqual([]);
    const flux = synthValid((app) => {
      const { operator } = platform(app);
      GitOpsOrder.fluxLayout(operator.node.scope!);
    });
    expect(flux.filter((d) => wave(d) !== undefined)).toEqual([]);
    const plain = synthValid((app) => {
      new SparkApplication(new Chart(app, 'jobs', { namespace: 'spark-jobs' }), 'Pi', { name: 'pi', mainApplicationFile: JAR, mainClass: 'org.apache.spark.examples.SparkPi' });
    });
    expect(plain.filter((d) => wave(d) !== undefined)).toEqual([]);
  });

  test('none and sync waves in one App conflict', () => {
    expect(errorOf((app) => {
      platform(app);
      GitOpsOrder.none(app);
      GitOpsOrder.argoCdSyncWaves(app);
    })).toBe('[] \'options\' conflicts with GitOpsOrder.none(), which asked for no sync waves in this App, got {"firstWave":-4,"skipDryRunOnMissingResource":true}; keep one of the two');
    expect(errorOf((app) => {
      platform(app);
      GitOpsOrder.argoCdSyncWaves(app);
      GitOpsOrder.none(app);
    })).toBe('[] \'GitOpsOrder.none\' conflicts with the sync waves already asked for in this App, got true; keep one of the two');
  });
});
