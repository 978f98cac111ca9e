import { ApiObject, Chart, Testing } from 'cdk8s';
import { PersistentVolumeClaim } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { EventLog, SparkDriverRbac, SparkHistoryServer, SparkOperator, SparkVolume } from '../../src';
import { eventLogWritersOf, historyServersOf, registerAppChecks, registerEventLogWriter } from '../../src/_registry';
import { findObjects, synthValid } from '../harness';
import { errorOf } from '../harness/expect-error';

const FAILED = 'Validation failed with the following errors:\n  ';
const claim = (scope: Construct, name = 'spark-events') => SparkVolume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName(scope, `Claim-${name}`, name));

describe('App-wide checks', () => {
  describe('one object per kind, namespace and name', () => {
    test('two constructs of this library making the same objects: each duplicate, with both paths', () => {
      expect(errorOf((app) => {
        const chart = new Chart(app, 'jobs', { namespace: 'etl' });
        new SparkDriverRbac(chart, 'A', { namespace: 'etl', name: 'spark-driver' });
        new SparkDriverRbac(chart, 'B', { namespace: 'etl', name: 'spark-driver' });
      })).toBe(FAILED + [
        "[jobs/B/Resource] 'metadata.name' makes the ServiceAccount 'spark-driver' in namespace 'etl', which jobs/A/Resource already defines in this App (applying both, one silently replaces the other), got 'spark-driver'; give one of the two another name, or define the object once",
        "[jobs/B/Role] 'metadata.name' makes the Role.rbac.authorization.k8s.io 'spark-driver' in namespace 'etl', which jobs/A/Role already defines in this App (applying both, one silently replaces the other), got 'spark-driver'; give one of the two another name, or define the object once",
        "[jobs/B/RoleBinding] 'metadata.name' makes the RoleBinding.rbac.authorization.k8s.io 'spark-driver' in namespace 'etl', which jobs/A/RoleBinding already defines in this App (applying both, one silently replaces the other), got 'spark-driver'; give one of the two another name, or define the object once",
      ].join('\n  '));
    });

    test('a construct and a user\'s own ApiObject in another chart', () => {
      expect(errorOf((app) => {
        new SparkHistoryServer(new Chart(app, 'history', { namespace: 'spark' }), 'History', { name: 'history', eventLog: EventLog.toUrl('s3a://logs/events') });
        new ApiObject(new Chart(app, 'mine', { namespace: 'spark' }), 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'history' }, spec: { ports: [{ port: 80 }] } });
      })).toBe(`${FAILED}[mine/Svc] 'metadata.name' makes the Service 'history' in namespace 'spark', which history/History/Service already defines in this App (applying both, one silently replaces the other), got 'history'; give one of the two another name, or define the object once`);
    });

    test('a user object first and the construct second: the construct\'s object is reported', () => {
      expect(errorOf((app) => {
        const chart = new Chart(app, 'jobs', { namespace: 'etl' });
        new ApiObject(chart, 'Mine', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'driver' } });
        new SparkDriverRbac(chart, 'Rbac', { namespace: 'etl', name: 'driver' });
      })).toBe(`${FAILED}[jobs/Rbac/Resource] 'metadata.name' makes the ServiceAccount 'driver' in namespace 'etl', which jobs/Mine already defines in this App (applying both, one silently replaces the other), got 'driver'; give one of the two another name, or define the object once`);
    });

    test('cluster-scoped objects clash whatever their charts\' namespaces', () => {
      expect(errorOf((app) => {
        new SparkOperator(new Chart(app, 'platform'), 'Operator', { createNamespace: true, jobNamespaces: ['spark-jobs'] });
        new ApiObject(new Chart(app, 'namespaces', { namespace: 'other' }), 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'spark-operator' } });
      })).toBe(`${FAILED}[namespaces/Ns] 'metadata.name' makes the Namespace 'spark-operator' (cluster-wide), which platform/Operator/Namespace already defines in this App (applying both, one silently replaces the other), got 'spark-operator'; give one of the two another name, or define the object once`);
    });

    test('two operators in one App install the CRDs twice', () => {
      const message = errorOf((app) => {
        new SparkOperator(new Chart(app, 'a'), 'Operator', { namespace: 'op-a', releaseName: 'a', jobNamespaces: ['jobs-a'] });
        new SparkOperator(new Chart(app, 'b'), 'Operator', { namespace: 'op-b', releaseName: 'b', jobNamespaces: ['jobs-b'] });
      });
      expect(message.split('\n').slice(1, 2)).toEqual([
        "  [b/Operator/CrdSparkApplication] 'metadata.name' makes the CustomResourceDefinition.apiextensions.k8s.io 'sparkapplications.sparkoperator.k8s.io' (cluster-wide), which a/Operator/CrdSparkApplication already defines in this App (applying both, one silently replaces the other), got 'sparkapplications.sparkoperator.k8s.io'; give one of the two another name, or define the object once",
      ]);
      expect(message.split('\n')).toHaveLength(4);
    });

    test('the same name in two namespaces, or for two kinds, or two API groups, is fine', () => {
      const docs = synthValid((app) => {
        new SparkDriverRbac(new Chart(app, 'a', { namespace: 'etl' }), 'Rbac', { namespace: 'etl', name: 'driver' });
        new SparkDriverRbac(new Chart(app, 'b', { namespace: 'ml' }), 'Rbac', { namespace: 'ml', name: 'driver' });
        new ApiObject(new Chart(app, 'c', { namespace: 'etl' }), 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'driver' }, data: { a: 'b' } });
      });
      expect(findObjects(docs, 'ServiceAccount').map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(['etl/driver', 'ml/driver']);
    });

    test('among objects of one name, a duplicate is reported against the earlier object of its kind and namespace, not the first of the name', () => {
      const error = errorOf((app) => {
        const chart = new Chart(app, 'jobs', { namespace: 'etl' });
        new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'driver', namespace: 'etl' }, data: { a: 'b' } });
        new SparkDriverRbac(chart, 'Ml', { namespace: 'ml', name: 'driver' });
        new ApiObject(chart, 'Sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'driver', namespace: 'ml' } });
        // No namespace and the namespace '' are the same place (the namespace of the apply), and not cluster-wide.
        const plain = new Chart(app, 'plain');
        new ApiObject(plain, 'NoNs', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'driver' } });
        new ApiObject(plain, 'EmptyNs', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'driver', namespace: '' } });
      });
      expect(error).toBe(FAILED + [
        "[jobs/Sa] 'metadata.name' makes the ServiceAccount 'driver' in namespace 'ml', which jobs/Ml/Resource already defines in this App (applying both, one silently replaces the other), got 'driver'; give one of the two another name, or define the object once",
        "[plain/EmptyNs] 'metadata.name' makes the Secret 'driver' without a namespace (in the one it is applied to), which plain/NoNs already defines in this App (applying both, one silently replaces the other), got 'driver'; give one of the two another name, or define the object once",
      ].join('\n  '));
    });

    test('each duplicate is reported once however often the App is checked or registered', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'jobs', { namespace: 'etl' });
      new ApiObject(chart, 'Mine', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'driver' } });
      new SparkDriverRbac(chart, 'Rbac', { namespace: 'etl', name: 'driver' });
      for (let i = 0; i < 3; i++) registerAppChecks(chart);
      const expected = `${FAILED}[jobs/Rbac/Resource] 'metadata.name' makes the ServiceAccount 'driver' in namespace 'etl', which jobs/Mine already defines in this App (applying both, one silently replaces the other), got 'driver'; give one of the two another name, or define the object once`;
      expect(() => app.synthYaml()).toThrow(expected);
      expect(() => app.synthYaml()).toThrow(expected);
      expect(() => Testing.synth(chart)).toThrow(expected);
    });

    test('an App of this library checks nothing for a duplicate outside the library\'s view until a construct registers it', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'mine', { namespace: 'x' });
      new ApiObject(chart, 'A', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' } });
      new ApiObject(chart, 'B', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' } });
      expect(() => app.synthYaml()).not.toThrow();
      registerAppChecks(chart);
      expect(() => app.synthYaml()).toThrow(`${FAILED}[mine/B] 'metadata.name' makes the ConfigMap 'same' in namespace 'x', which mine/A already defines in this App (applying both, one silently replaces the other), got 'same'; give one of the two another name, or define the object once`);
    });

    test('one walk over the App: ten thousand objects are checked in a blink', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'big', { namespace: 'x' });
      for (let i = 0; i < 10000; i++) {
        new ApiObject(chart, `Cm${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` } });
      }
      registerAppChecks(chart);
      const start = Date.now();
      expect(app.node.validate()).toEqual([]);
      expect(Date.now() - start).toBeLessThan(3000);
    });
  });

  describe('one namespace per event-log PersistentVolumeClaim', () => {
    test('two History Servers in two namespaces on one claim volume', () => {
      expect(errorOf((app) => {
        const refs = new Chart(app, 'refs');
        const eventLog = EventLog.onVolume(claim(refs));
        new SparkHistoryServer(new Chart(app, 'a', { namespace: 'team-a' }), 'History', { name: 'history', eventLog });
        new SparkHistoryServer(new Chart(app, 'b', { namespace: 'team-b' }), 'History', { name: 'history', eventLog });
      })).toBe(`${FAILED}[b/History] 'eventLog' is on the PersistentVolumeClaim 'spark-events', which a/History (a History Server) uses in namespace 'team-a' while this construct runs in 'team-b': a claim lives in one namespace, so the two would use two different volumes (or the pods would not start), got 'spark-events'; run every writer and History Server of this EventLog in one namespace, or use an object store (EventLog.toUrl('s3a://bucket/spark-events'))`);
    });

    test('a writer in another namespace than the History Server on the same claim volume', () => {
      expect(errorOf((app) => {
        const refs = new Chart(app, 'refs');
        const eventLog = EventLog.onVolume(claim(refs));
        const jobs = new Chart(app, 'jobs');
        const writer = new Construct(jobs, 'Etl');
        registerEventLogWriter(writer, eventLog.directory, 'etl', eventLog.volume);
        new SparkHistoryServer(new Chart(app, 'history', { namespace: 'spark' }), 'History', { name: 'history', eventLog });
      })).toBe(`${FAILED}[history/History] 'eventLog' is on the PersistentVolumeClaim 'spark-events', which jobs/Etl (an event-log writer) uses in namespace 'etl' while this construct runs in 'spark': a claim lives in one namespace, so the two would use two different volumes (or the pods would not start), got 'spark-events'; run every writer and History Server of this EventLog in one namespace, or use an object store (EventLog.toUrl('s3a://bucket/spark-events'))`);
    });

    test('writers alone in two namespaces on one claim volume are reported without a History Server', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'jobs');
      const eventLog = EventLog.onVolume(claim(chart));
      registerEventLogWriter(new Construct(chart, 'A'), eventLog.directory, 'etl', eventLog.volume);
      registerEventLogWriter(new Construct(chart, 'B'), eventLog.directory, 'ml', eventLog.volume);
      expect(() => app.synthYaml()).toThrow(`${FAILED}[jobs/B] 'eventLog' is on the PersistentVolumeClaim 'spark-events', which jobs/A (an event-log writer) uses in namespace 'etl' while this construct runs in 'ml'`);
    });

    test('one namespace on one claim, another claim elsewhere, and volumes that are no claim are fine', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'jobs');
      const shared = EventLog.onVolume(claim(chart));
      registerEventLogWriter(new Construct(chart, 'A'), shared.directory, 'etl', shared.volume);
      registerEventLogWriter(new Construct(chart, 'B'), shared.directory, 'etl', shared.volume);
      const nfs = EventLog.onVolume(SparkVolume.fromKubeVolume({ name: 'events', nfs: { server: 'nfs.example.com', path: '/events' } }));
      registerEventLogWriter(new Construct(chart, 'C'), nfs.directory, 'etl', nfs.volume);
      registerEventLogWriter(new Construct(chart, 'D'), nfs.directory, 'ml', nfs.volume);
      registerEventLogWriter(new Construct(chart, 'E'), 's3a://logs/events', 'ml');
      expect(app.synthYaml()).toBe('');
    });

    test('the registry lists writers with their namespace and claim, and History Servers with theirs', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'jobs', { namespace: 'etl' });
      const eventLog = EventLog.onVolume(claim(chart, 'events'));
      const writer = new Construct(chart, 'Writer');
      registerEventLogWriter(writer, eventLog.directory, 'etl', eventLog.volume);
      registerEventLogWriter(chart, 's3a://logs/events');
      const server = new SparkHistoryServer(chart, 'History', { name: 'history', eventLog });
      expect(eventLogWritersOf(chart)).toEqual([
        { writer, directory: 'file:///var/spark-events', namespace: 'etl', volume: eventLog.volume, claim: 'events' },
        { writer: chart, directory: 's3a://logs/events' },
      ]);
      expect(historyServersOf(chart)).toEqual([{ server, namespace: 'etl', volume: eventLog.volume, claim: 'events' }]);
    });

    test('outside an App nothing is recorded', () => {
      const root = new Construct(undefined as any, '');
      expect(() => registerEventLogWriter(new Construct(root, 'W'), 's3a://x/y')).not.toThrow();
    });
  });
});
