import * as l1 from '../../src/imports/sparkoperator.k8s.io';
import { SCHEDULED_SPARK_APPLICATION_GVK, SPARK_APPLICATION_GVK, SPARK_CONNECT_GVK, toWire } from '../../src/operator/_wire';

describe('wire format', () => {
  test('the GVKs are the generated ones', () => {
    expect(SPARK_APPLICATION_GVK).toEqual(l1.SparkApplication.GVK);
    expect(SCHEDULED_SPARK_APPLICATION_GVK).toEqual(l1.ScheduledSparkApplication.GVK);
    expect(SPARK_CONNECT_GVK).toEqual(l1.SparkConnect.GVK);
  });

  test('toWire matches the generated toJson for every renamed field', () => {
    const spec: l1.SparkApplicationSpec = {
      type: l1.SparkApplicationSpecType.SCALA,
      sparkVersion: '4.0.4',
      mainApplicationFile: 'local:///x.jar',
      driver: { cores: 1, template: { metadata: { labels: { ingressTls: 'kept' } } } },
      executor: { instances: 1 },
      sparkUiOptions: { servicePort: 4040, ingressTls: [{ hosts: ['a'], secretName: 's' }] },
      driverIngressOptions: [{ servicePort: 1, servicePortName: 'p', ingressUrlFormat: 'u', ingressTls: [{ hosts: ['b'], secretName: 't' }] }],
      dynamicAllocation: { enabled: true, maxExecutors: 3 },
      restartPolicy: { type: l1.SparkApplicationSpecRestartPolicyType.NEVER },
      monitoring: { exposeDriverMetrics: true, exposeExecutorMetrics: true, prometheus: { jmxExporterJar: '/j.jar', port: 8090 } },
    };
    const expected = l1.toJson_SparkApplicationSpec(spec);
    expect(JSON.parse(JSON.stringify(toWire(JSON.parse(JSON.stringify(spec)))))).toEqual(expected);
  });
});
