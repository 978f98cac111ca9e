import { k8s, Protocol } from 'cdk8s-plus-28';
import { messageOf, render, SIDECAR } from './render';
import { ApplicationFile, SparkApplication, SparkVolume } from '../../src';
import { findObject, synthChartValid } from '../harness';

const LABEL = 'must be a DNS-1123 label (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit)';

describe('sidecar and init container names', () => {
  test('unique valid names pass', () => {
    const t = render({ sidecars: [SIDECAR, { ...SIDECAR, name: 'log-shipper' }], initContainers: [{ ...SIDECAR, name: 'wait' }] });
    expect(t.spec.containers.map((c: any) => c.name)).toEqual(['main', 'proxy', 'log-shipper']);
    expect(t.spec.initContainers.map((c: any) => c.name)).toEqual(['wait']);
  });

  test.each<[string, string]>([
    ['Log_Shipper', 'log-shipper'],
    ['-proxy', 'proxy'],
    ['proxy.v2', 'proxy-v2'],
  ])('fails on the name %j', (name, suggestion) => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, name }] })))
      .toBe(`[test] 'server.sidecars[0].name' ${LABEL}, got '${name}'; use a name such as '${suggestion}'`);
  });

  test('fails on a name over 63 characters', () => {
    const name = 'a'.repeat(64);
    expect(messageOf(() => render({ initContainers: [{ ...SIDECAR, name }] })))
      .toBe(`[test] 'server.initContainers[0].name' ${LABEL}, got '${name}'; use a name such as '${'a'.repeat(63)}'`);
  });

  test('fails on a missing name (JavaScript)', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, name: undefined as any }] })))
      .toBe(`[test] 'server.sidecars[0].name' ${LABEL}, got nothing; name the container, e.g. 'log-shipper'`);
  });

  test('fails on the name of the main container', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, name: 'main' }] })))
      .toBe('[test] \'server.sidecars[0].name\' repeats the name of the pod\'s main container, got \'main\'; give each container of the pod its own name');
  });

  test('fails on two sidecars with one name', () => {
    expect(messageOf(() => render({ sidecars: [SIDECAR, SIDECAR] })))
      .toBe('[test] \'server.sidecars[1].name\' repeats the name of \'server.sidecars[0]\', got \'proxy\'; give each container of the pod its own name');
  });

  test('fails on an init container named like a sidecar', () => {
    expect(messageOf(() => render({ sidecars: [SIDECAR], initContainers: [SIDECAR] })))
      .toBe('[test] \'server.initContainers[0].name\' repeats the name of \'server.sidecars[0]\', got \'proxy\'; give each container of the pod its own name');
  });
});

describe('sidecar images', () => {
  test('fails on a sidecar without an image', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, image: undefined }] })))
      .toBe('[test] \'server.sidecars[0].image\' must be set (Kubernetes cannot start a container without an image), got nothing; give the image with a pinned version, e.g. \'busybox:1.37\'');
  });

  test('fails on an image without a tag, without suggesting a Spark version', () => {
    expect(messageOf(() => render({ initContainers: [{ ...SIDECAR, image: 'busybox' }] })))
      .toBe('[test] \'server.initContainers[0].image\' must pin a tag or digest (without one the registry serves whatever \'latest\' is today), got \'busybox\'; use \'busybox:<version>\' with the version you tested');
  });

  test('fails on the latest tag', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, image: 'fluent/fluent-bit:latest' }] })))
      .toBe('[test] \'server.sidecars[0].image\' must not use the \'latest\' tag (it changes under a running job and defeats IfNotPresent), got \'fluent/fluent-bit:latest\'; pin a version, e.g. \'fluent/fluent-bit:<version>\'');
  });

  test('fails on shell characters in an image', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, image: '$(id)/busybox:1.37' }] })))
      .toBe('[test] \'server.sidecars[0].image\' must be an image reference [registry[:port]/]repository[:tag][@digest] (lower-case letters, digits and . _ - / in the repository; no spaces or shell characters), got \'$(id)/busybox:1.37\'; use e.g. \'busybox:1.37\' or \'registry.example.com/team/tool:1.0\'');
  });

  test('fails on shell characters in a tag', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, image: 'busybox:1.37;id' }] })))
      .toBe('[test] \'server.sidecars[0].image\' must have a valid tag (letters, digits, \'_\', \'.\' and \'-\', at most 128), got \'busybox:1.37;id\'; pin a version, e.g. \'busybox:<version>\'');
  });

  test('an image gets IfNotPresent unless it says otherwise', () => {
    const t = render({ sidecars: [SIDECAR, { ...SIDECAR, name: 'b', imagePullPolicy: 'Always' }] });
    expect(t.spec.containers.slice(1).map((c: any) => c.imagePullPolicy)).toEqual(['IfNotPresent', 'Always']);
  });
});

describe('ports across the containers of a pod', () => {
  test('distinct ports pass; the same number on another protocol is another port', () => {
    const t = render({ ports: [{ name: 'metrics', number: 9090 }], sidecars: [{ ...SIDECAR, ports: [{ name: 'admin', containerPort: 9901 }, { containerPort: 9090, protocol: 'UDP' }] }] });
    expect(t.spec.containers[1].ports).toEqual([{ name: 'admin', containerPort: 9901 }, { containerPort: 9090, protocol: 'UDP' }]);
  });

  test('fails on a sidecar port number the main container has', () => {
    expect(messageOf(() => render({ ports: [{ name: 'metrics', number: 9090 }], sidecars: [{ ...SIDECAR, ports: [{ containerPort: 9090 }] }] })))
      .toBe('[test] \'server.sidecars[0].ports[0].containerPort\' repeats a port number of the container \'main\', got 9090; give each port of the pod its own number');
  });

  test('fails on a sidecar port name the main container has', () => {
    expect(messageOf(() => render({ ports: [{ name: 'metrics', number: 9090 }], sidecars: [{ ...SIDECAR, ports: [{ name: 'metrics', containerPort: 9102 }] }] })))
      .toBe('[test] \'server.sidecars[0].ports[0].name\' repeats a port name of the container \'main\', got \'metrics\'; give each port of the pod its own name');
  });

  test('fails on a port repeated between two sidecars', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, ports: [{ containerPort: 8080 }] }, { ...SIDECAR, name: 'other', ports: [{ containerPort: 8080 }] }] })))
      .toBe('[test] \'server.sidecars[1].ports[0].containerPort\' repeats a port number of the container \'proxy\', got 8080; give each port of the pod its own number');
  });

  test('fails on a port repeated inside one sidecar', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, ports: [{ containerPort: 8080 }, { containerPort: 8080 }] }] })))
      .toBe('[test] \'server.sidecars[0].ports[1].containerPort\' repeats a port number, got 8080; give each port of the pod its own number');
  });

  test.each([0, 65536, 80.5])('fails on the sidecar port number %j', (containerPort) => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, ports: [{ containerPort }] }] })))
      .toBe(`[test] 'server.sidecars[0].ports[0].containerPort' must be a whole number from 1 to 65535, got ${containerPort}; use the port the container listens on`);
  });

  test('fails on a sidecar port name over 15 characters', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, ports: [{ name: 'envoy-admin-port', containerPort: 9901 }] }] })))
      .toBe('[test] \'server.sidecars[0].ports[0].name\' must be at most 15 characters (IANA_SVC_NAME), got \'envoy-admin-port\'; use a short name such as \'metrics\'');
  });

  test('fails on a lower-case protocol', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, ports: [{ containerPort: 53, protocol: 'udp' }] }] })))
      .toBe('[test] \'server.sidecars[0].ports[0].protocol\' must be \'TCP\', \'UDP\' or \'SCTP\', got \'udp\'; use \'UDP\'');
  });

  test('fails on a lower-case protocol of the main container (JavaScript)', () => {
    expect(messageOf(() => render({ ports: [{ name: 'metrics', number: 9090, protocol: 'tcp' as Protocol }] })))
      .toBe('[test] \'server.ports[0].protocol\' must be \'TCP\', \'UDP\' or \'SCTP\', got \'tcp\'; use Protocol.TCP');
  });

  test('fails on a host port', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, ports: [{ containerPort: 8080, hostPort: 8080 }] }] })))
      .toBe('[test] \'server.sidecars[0].ports[0].hostPort\' is forbidden by the baseline Pod Security Standard (it opens the port on the node), got 8080; remove it and reach the container through a Service');
  });
});

describe('sidecar command lines', () => {
  test('a plain command passes', () => {
    const t = render({ initContainers: [{ ...SIDECAR, command: ['sh', '-c', 'until nc -z db 5432; do sleep 1; done'] }] });
    expect(t.spec.initContainers[0].command).toEqual(['sh', '-c', 'until nc -z db 5432; do sleep 1; done']);
  });

  test('fails on a secret-like reference, which the kubelet expands onto the command line', () => {
    expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, args: ['--password=$(DB_PASSWORD)'] }] })))
      .toBe('[test] \'server.sidecars[0].args[0]\' references the secret-like variable $(DB_PASSWORD), which Kubernetes would expand onto the command line, where any process on the node can read it, got \'--password=$(DB_PASSWORD)\'; read DB_PASSWORD from the environment inside the application, or write $$(DB_PASSWORD) for the literal text');
  });

  test('fails on secret material in a command, without echoing it', () => {
    expect(messageOf(() => render({ initContainers: [{ ...SIDECAR, command: ['psql', 'postgresql://etl:hunter2@db/app'] }] })))
      .toBe('[test] \'server.initContainers[0].command[1]\' holds a password in a URL (user:password@), which would be stored in clear in Git and in the cluster, got \'<redacted>\'; keep it in a Kubernetes Secret and pass it by reference (an environment variable from the Secret, or a mounted file)');
  });
});

describe('secret material anywhere in a container or a lifecycle hook', () => {
  const KEY = 'AKIA' + 'IOSFODNN7EXAMPLE';
  const TOKEN = 'Bearer ' + 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
  test.each<[string, any, string]>([
    ['a sidecar\'s preStop command', { sidecars: [{ ...SIDECAR, lifecycle: { preStop: { exec: { command: ['aws', '--key', KEY] } } } }] },
      'server.sidecars[0].lifecycle.preStop.exec.command[2]'],
    ['a sidecar\'s probe header', { sidecars: [{ ...SIDECAR, readinessProbe: { httpGet: { port: k8s.IntOrString.fromNumber(8080), httpHeaders: [{ name: 'Authorization', value: TOKEN }] } } }] },
      'server.sidecars[0].readinessProbe.httpGet.httpHeaders[0].value'],
    ['an init container\'s probe command', { initContainers: [{ ...SIDECAR, startupProbe: { exec: { command: ['curl', 'https://etl:hunter2@db/ready'] } } }] },
      'server.initContainers[0].startupProbe.exec.command[1]'],
    ['the Spark container\'s postStart hook', { lifecycle: { postStart: { exec: { command: ['sh', '-c', `export AWS_ACCESS_KEY_ID=${KEY}`] } } } },
      'server.lifecycle.postStart.exec.command[2]'],
  ])('%s (%s)', (_what, options, prop) => {
    const message = messageOf(() => render(options));
    expect(message).toContain(`'${prop}' holds `);
    expect(message).toContain('got \'<redacted>\'; keep it in a Kubernetes Secret');
    expect(message).not.toContain(KEY);
    expect(message).not.toContain('hunter2');
  });

  test('hooks and probes without secrets pass as given', () => {
    const lifecycle = { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } };
    const t = render({ lifecycle, sidecars: [{ ...SIDECAR, lifecycle, readinessProbe: { httpGet: { port: k8s.IntOrString.fromNumber(8080), path: '/ready' } } }] });
    expect(t.spec.containers[0].lifecycle).toEqual(lifecycle);
    expect(t.spec.containers[1].readinessProbe).toEqual({ httpGet: { port: 8080, path: '/ready' } });
  });
});

describe('sidecar mounts', () => {
  const CACHE = { volume: SparkVolume.fromEmptyDir('cache'), path: '/cache' };

  test('a sidecar mounts a volume of the pod; its path is normalized', () => {
    const t = render({ volumes: [CACHE], sidecars: [{ ...SIDECAR, volumeMounts: [{ name: 'cache', mountPath: '/data//cache/' }, { name: 'tmp', mountPath: '/tmp' }] }] });
    expect(t.spec.containers[1].volumeMounts).toEqual([{ name: 'cache', mountPath: '/data/cache' }, { name: 'tmp', mountPath: '/tmp' }]);
  });

  test('fails on a volume the pod does not have', () => {
    expect(messageOf(() => render({ volumes: [CACHE], sidecars: [{ ...SIDECAR, volumeMounts: [{ name: 'logs', mountPath: '/logs' }] }] })))
      .toBe('[test] \'server.sidecars[0].volumeMounts[0].name\' must name a volume of the pod, got \'logs\'; mount the volume in the Spark container through \'volumes\' too (the pod\'s volumes: tmp, spark-work-dir, cache)');
  });

  test('fails on a relative mount path', () => {
    expect(messageOf(() => render({ volumes: [CACHE], sidecars: [{ ...SIDECAR, volumeMounts: [{ name: 'cache', mountPath: 'cache' }] }] })))
      .toBe('[test] \'server.sidecars[0].volumeMounts[0].mountPath\' must be an absolute path, got \'cache\'; use \'/cache\'');
  });

  test('fails on two mounts at one path after normalization', () => {
    expect(messageOf(() => render({ volumes: [CACHE], sidecars: [{ ...SIDECAR, volumeMounts: [{ name: 'cache', mountPath: '/data' }, { name: 'tmp', mountPath: '/data/' }] }] })))
      .toBe('[test] \'server.sidecars[0].volumeMounts[1].mountPath\' mounts two volumes at the same path, got \'/data/\'; mount each volume at its own path');
  });

  test('fails on a subPath that leaves the volume', () => {
    expect(messageOf(() => render({ volumes: [CACHE], sidecars: [{ ...SIDECAR, volumeMounts: [{ name: 'cache', mountPath: '/c', subPath: '../etc' }] }] })))
      .toBe('[test] \'server.sidecars[0].volumeMounts[0].subPath\' must not contain \'..\' segments (Kubernetes refuses a path that leaves the volume), got \'../etc\'; use a path inside the volume, e.g. \'etc\'');
  });

  test('fails on a sidecar mount over the service-account token', () => {
    expect(messageOf(() => render({ volumes: [CACHE], sidecars: [{ ...SIDECAR, volumeMounts: [{ name: 'cache', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] }] })))
      .toMatch(/^\[test\] 'server\.sidecars\[0\]\.volumeMounts\[0\]\.mountPath' must not be at, above or inside the service-account token directory/);
  });
});

describe('sidecar resources', () => {
  test('fails on a sidecar without resources', () => {
    expect(messageOf(() => render({ sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.33.0' }] })))
      .toBe('[test] \'server.sidecars[0].resources\' must set requests.cpu and limits.memory, got {}; size the container, e.g. { requests: { cpu: k8s.Quantity.fromString(\'100m\'), memory: k8s.Quantity.fromString(\'128Mi\') }, limits: { memory: k8s.Quantity.fromString(\'128Mi\') } }');
  });

  test('the memory request defaults to the limit', () => {
    expect(render({ sidecars: [SIDECAR] }).spec.containers[1].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '64Mi' } });
  });
});

describe('ports of the Spark container', () => {
  test('the construct\'s ports come first and keep TCP', () => {
    expect(render({ ports: [{ name: 'metrics', number: 9090 }] }, { container: { name: 'main', ports: [{ name: 'ui', number: 4040 }] } }).spec.containers[0].ports)
      .toEqual([{ name: 'ui', containerPort: 4040, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }]);
  });

  test.each<[string, any, string]>([
    ['a name over 15 characters', { name: 'spark-connect-grpc', number: 15002 }, '\'server.ports[0].name\' must be at most 15 characters (IANA_SVC_NAME), got \'spark-connect-grpc\'; use a short name such as \'metrics\''],
    ['a number out of range', { name: 'metrics', number: 70000 }, '\'server.ports[0].number\' must be a whole number from 1 to 65535, got 70000; pick a free port above 1024'],
  ])('fails on %s', (_what, port, message) => {
    expect(messageOf(() => render({ ports: [port] }))).toBe(`[test] ${message}`);
  });

  test('fails on a repeated name or number', () => {
    expect(messageOf(() => render({ ports: [{ name: 'metrics', number: 9090 }, { name: 'metrics', number: 9091 }] })))
      .toBe('[test] \'server.ports[1].name\' repeats a port name, got \'metrics\'; give each port its own name');
    expect(messageOf(() => render({ ports: [{ name: 'metrics', number: 9090 }, { name: 'admin', number: 9090 }] })))
      .toBe('[test] \'server.ports[1].number\' repeats a port number, got 9090; give each port its own number');
  });
});

test('fails on a sidecar argument that is not a string (JavaScript)', () => {
  expect(messageOf(() => render({ sidecars: [{ ...SIDECAR, args: ['--port', 8080 as any] }] })))
    .toBe('[test] \'server.sidecars[0].args[1]\' must be a string, got 8080; quote it: \'8080\'');
});

describe('probes and lifecycle hooks of sidecars and init containers (checked as the API server checks them)', () => {
  const WEB = { ...SIDECAR, ports: [{ containerPort: 8080, name: 'web' }] };
  const PORT = k8s.IntOrString.fromString('web');

  test('valid probes and hooks pass as given; a native sidecar (restartPolicy Always) may have them', () => {
    const readinessProbe = { httpGet: { port: PORT, path: '/ready' }, periodSeconds: 5 };
    const lifecycle = { preStop: { exec: { command: ['sleep', '5'] } } };
    const t = render({
      sidecars: [{ ...WEB, readinessProbe, lifecycle }],
      initContainers: [{
        ...SIDECAR,
        name: 'native',
        ports: [{ containerPort: 9090, name: 'native' }],
        restartPolicy: 'Always',
        startupProbe: { tcpSocket: { port: k8s.IntOrString.fromString('native') } },
      }],
    });
    expect(t.spec.containers[1].readinessProbe).toEqual({ httpGet: { port: 'web', path: '/ready' }, periodSeconds: 5 });
    expect(t.spec.containers[1].lifecycle).toEqual(lifecycle);
    expect(t.spec.initContainers[0].startupProbe).toEqual({ tcpSocket: { port: 'native' } });
  });

  test('a sidecar with a probe and a hook, and a native sidecar with a startup probe, pass the harness in a SparkApplication', () => {
    const docs = synthChartValid((chart) => new SparkApplication(chart, 'App', {
      name: 'pi',
      mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'),
      mainClass: 'org.apache.spark.examples.SparkPi',
      driver: {
        sidecars: [{ ...WEB, readinessProbe: { httpGet: { port: PORT, path: '/ready' } }, lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } } }],
        initContainers: [{ ...SIDECAR, name: 'native', restartPolicy: 'Always', startupProbe: { exec: { command: ['true'] } } }],
      },
    }));
    const pod = findObject(docs, 'SparkApplication').spec.driver.template.spec;
    expect(pod.containers.find((c: any) => c.name === 'proxy').readinessProbe).toEqual({ httpGet: { port: 'web', path: '/ready' } });
    expect(pod.initContainers[0]).toMatchObject({ name: 'native', restartPolicy: 'Always', startupProbe: { exec: { command: ['true'] } } });
  });

  test.each<[string, any, string]>([
    ['a probe without a handler', { sidecars: [{ ...WEB, readinessProbe: { periodSeconds: 5 } }] },
      '[test] \'server.sidecars[0].readinessProbe\' must have exactly one handler: httpGet, tcpSocket, exec or grpc, got []; use e.g. { tcpSocket: { port: k8s.IntOrString.fromString(\'http\') } }'],
    ['a probe with two handlers', { sidecars: [{ ...WEB, livenessProbe: { httpGet: { port: PORT }, tcpSocket: { port: PORT } } }] },
      '[test] \'server.sidecars[0].livenessProbe\' must have exactly one handler: httpGet, tcpSocket, exec or grpc, got [\'httpGet\', \'tcpSocket\']; keep one of httpGet and tcpSocket'],
    ['a probe on a port the container does not name', { sidecars: [{ ...WEB, readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('admin') } } }] },
      '[test] \'server.sidecars[0].readinessProbe.tcpSocket.port\' must be a number from 1 to 65535 or the name of a port of the container (web), got \'admin\'; use k8s.IntOrString.fromString(\'web\')'],
    ['a liveness probe that needs two successes', { sidecars: [{ ...WEB, livenessProbe: { tcpSocket: { port: PORT }, successThreshold: 2 } }] },
      '[test] \'server.sidecars[0].livenessProbe.successThreshold\' must be 1 for a liveness or startup probe, got 2; remove it (only a readiness probe counts successes)'],
    ['a negative delay', { sidecars: [{ ...WEB, readinessProbe: { tcpSocket: { port: PORT }, initialDelaySeconds: -1 } }] },
      '[test] \'server.sidecars[0].readinessProbe.initialDelaySeconds\' must be at least 0, got -1; use e.g. 10, or leave it out for the default'],
    ['a probe on a plain init container', { initContainers: [{ ...WEB, readinessProbe: { tcpSocket: { port: PORT } } }] },
      '[test] \'server.initContainers[0].readinessProbe\' may not be set on an init container, which runs to completion before the pod starts, got {"tcpSocket":{"port":"web"}}; remove it, or set restartPolicy: \'Always\' to run the container as a native sidecar'],
    ['a hook on a plain init container', { initContainers: [{ ...WEB, lifecycle: { preStop: { exec: { command: ['true'] } } } }] },
      '[test] \'server.initContainers[0].lifecycle\' may not be set on an init container, which runs to completion before the pod starts, got {"preStop":{"exec":{"command":["true"]}}}; remove it, or set restartPolicy: \'Always\' to run the container as a native sidecar'],
    ['a restart policy on a regular sidecar', { sidecars: [{ ...WEB, restartPolicy: 'Always' }] },
      '[test] \'server.sidecars[0].restartPolicy\' may only be set on an init container (Kubernetes refuses it on a regular one), got \'Always\'; remove it: a sidecar here restarts with the pod; an init container with restartPolicy \'Always\' is the native form'],
    ['a hook with two handlers', { sidecars: [{ ...WEB, lifecycle: { postStart: { exec: { command: ['true'] }, httpGet: { port: PORT } } } }] },
      '[test] \'server.sidecars[0].lifecycle.postStart\' must have exactly one handler: exec, httpGet or tcpSocket, got [\'exec\', \'httpGet\']; keep one of exec and httpGet'],
    ['a pull policy Kubernetes does not know', { sidecars: [{ ...WEB, imagePullPolicy: 'always' }] },
      '[test] \'server.sidecars[0].imagePullPolicy\' must be one of \'IfNotPresent\', \'Always\', \'Never\', got \'always\'; use \'Always\''],
    ['a relative working directory', { sidecars: [{ ...WEB, workingDir: 'data' }] },
      '[test] \'server.sidecars[0].workingDir\' must be an absolute path (the container runtime refuses a relative one), got \'data\'; use \'/data\''],
    ['a termination message policy Kubernetes does not know', { sidecars: [{ ...WEB, terminationMessagePolicy: 'Logs' }] },
      '[test] \'server.sidecars[0].terminationMessagePolicy\' must be one of \'File\', \'FallbackToLogsOnError\', got \'Logs\'; use \'File\''],
    ['a hook of the Spark container on a port it does not name', { lifecycle: { preStop: { httpGet: { port: k8s.IntOrString.fromString('admin'), path: '/drain' } } } },
      '[test] \'server.lifecycle.preStop.httpGet.port\' must be a number from 1 to 65535 (the container names no ports), got \'admin\'; use e.g. k8s.IntOrString.fromNumber(8080), or name the port in the container\'s ports'],
  ])('fails on %s', (_what, options, message) => {
    expect(messageOf(() => render(options))).toBe(message);
  });
});
