import { ServiceAccount } from 'cdk8s-plus-28';
import {
  ApplicationFile, EventLog, S3a, SecurityOptOut, SparkApplication, SparkDriverRbac, SparkHistoryServer, SparkJobNamespace, SparkStandaloneCluster, SparkSubmitJob, WorkloadIdentity,
} from '../../src';
import { findObject, findObjects, synthChartValid } from '../harness';
import { chartErrorOf } from '../harness/expect-error';

const ROLE = 'arn:aws:iam::111122223333:role/team-a-spark';
const CLIENT_ID = '0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const PI = { mainApplicationFile: ApplicationFile.fromImagePath('/opt/spark/examples/jars/spark-examples.jar'), mainClass: 'org.apache.spark.examples.SparkPi' };

describe('WorkloadIdentity', () => {
  test('each cloud\'s ServiceAccount annotation, and Azure\'s pod label', () => {
    expect(WorkloadIdentity.awsIrsa(ROLE).annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE });
    expect(WorkloadIdentity.awsIrsa(ROLE).podLabels).toEqual({});
    expect(WorkloadIdentity.gke('spark@my-project.iam.gserviceaccount.com').annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'spark@my-project.iam.gserviceaccount.com' });
    expect(WorkloadIdentity.azure(CLIENT_ID).annotations).toEqual({ 'azure.workload.identity/client-id': CLIENT_ID });
    expect(WorkloadIdentity.azure(CLIENT_ID).podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  test('accepts role paths and other partitions', () => {
    expect(WorkloadIdentity.awsIrsa('arn:aws-cn:iam::111122223333:role/teams/a/spark')._problem()).toBeUndefined();
  });

  test('fails on a bad role ARN, under the construct that takes it', () => {
    expect(chartErrorOf((chart) => new SparkJobNamespace(chart, 'Team', { namespace: 'team-a', identity: WorkloadIdentity.awsIrsa('arn:aws:iam::1234:user/bob') })))
      .toBe('[test/Team] \'identity\' must be the ARN of an IAM role (arn:aws:iam::<12-digit account id>:role/<name>), got \'WorkloadIdentity.awsIrsa(\'arn:aws:iam::1234:user/bob\')\'; '
        + 'use e.g. WorkloadIdentity.awsIrsa(\'arn:aws:iam::111122223333:role/spark\')');
  });

  test('fails on a bad Google service account email', () => {
    expect(chartErrorOf((chart) => new SparkDriverRbac(chart, 'Rbac', { namespace: 'team-a', identity: WorkloadIdentity.gke('spark@gmail.com') })))
      .toBe('[test/Rbac] \'identity\' must be the email of a Google service account (<name>@<project>.iam.gserviceaccount.com), got \'WorkloadIdentity.gke(\'spark@gmail.com\')\'; '
        + 'use e.g. WorkloadIdentity.gke(\'spark@my-project.iam.gserviceaccount.com\')');
  });

  test('fails on an Azure client id that is not a GUID', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', { ...PI, identity: WorkloadIdentity.azure('my-identity') })))
      .toBe('[test/App] \'identity\' must be the client id of an Entra identity (a GUID), got \'WorkloadIdentity.azure(\'my-identity\')\'; '
        + 'use e.g. WorkloadIdentity.azure(\'00000000-0000-0000-0000-000000000000\') with your identity\'s client id');
  });
});

describe('identity on the ServiceAccounts the library creates', () => {
  test('SparkJobNamespace annotates its driver ServiceAccount only, not the Role or RoleBinding', () => {
    const docs = synthChartValid((chart) => new SparkJobNamespace(chart, 'Team', { namespace: 'team-a', identity: WorkloadIdentity.awsIrsa(ROLE) }));
    expect(findObject(docs, 'ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE });
    expect(findObject(docs, 'Role').metadata.annotations).toBeUndefined();
    expect(findObject(docs, 'RoleBinding').metadata.annotations).toBeUndefined();
  });

  test('the driver account an application creates, on every backend; executors share it', () => {
    const docs = synthChartValid((chart) => {
      new SparkApplication(chart, 'App', { ...PI, identity: WorkloadIdentity.awsIrsa(ROLE) });
      new SparkSubmitJob(chart, 'Job', { ...PI, identity: WorkloadIdentity.awsIrsa(ROLE) });
    });
    const annotated = findObjects(docs, 'ServiceAccount').filter((sa) => sa.metadata.annotations?.['eks.amazonaws.com/role-arn'] === ROLE);
    expect(annotated.map((sa) => sa.metadata.name).sort()).toEqual(['test-app-c88c38e4-driver', 'test-job-c8ebb678-driver']);
    // The submitter account of SparkSubmitJob is not the driver's: it stays unannotated.
    expect(findObjects(docs, 'ServiceAccount')).toHaveLength(3);
  });

  test('Azure: the label reaches the driver and executor pods of an application whose account has the identity', () => {
    const docs = synthChartValid((chart) => {
      const team = new SparkJobNamespace(chart, 'Team', { namespace: 'spark-jobs', identity: WorkloadIdentity.azure(CLIENT_ID) });
      new SparkApplication(chart, 'App', { ...PI, jobNamespace: team });
    });
    const spec = findObject(docs, 'SparkApplication').spec;
    expect(spec.driver.template.metadata.labels).toMatchObject({ 'azure.workload.identity/use': 'true' });
    expect(spec.executor.template.metadata.labels).toMatchObject({ 'azure.workload.identity/use': 'true' });
    expect(findObject(docs, 'ServiceAccount').metadata.annotations).toEqual({ 'azure.workload.identity/client-id': CLIENT_ID });
  });

  test('without an identity no pod gets the label', () => {
    const docs = synthChartValid((chart) => new SparkApplication(chart, 'App', PI));
    expect(findObject(docs, 'SparkApplication').spec.driver.template.metadata?.labels?.['azure.workload.identity/use']).toBeUndefined();
  });

  test('SparkHistoryServer gets a ServiceAccount of its own, still without an API token', () => {
    const docs = synthChartValid((chart) => new SparkHistoryServer(chart, 'History', {
      name: 'history', eventLog: EventLog.toUrl('s3a://spark-logs', { s3a: S3a.withWebIdentity() }), identity: WorkloadIdentity.awsIrsa(ROLE),
    }));
    const sa = findObject(docs, 'ServiceAccount');
    expect(sa).toMatchObject({ metadata: { name: 'history', namespace: 'spark-jobs', annotations: { 'eks.amazonaws.com/role-arn': ROLE } }, automountServiceAccountToken: false });
    const pod = findObject(docs, 'Deployment').spec.template.spec;
    expect(pod.serviceAccountName).toBe('history');
    expect(pod.automountServiceAccountToken).toBe(false);
    const conf = findObject(docs, 'ConfigMap').data['spark-defaults.conf'];
    expect(conf).toContain('spark.hadoop.fs.s3a.aws.credentials.provider software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider');
  });

  test('SparkHistoryServer without an identity creates no ServiceAccount', () => {
    const docs = synthChartValid((chart) => new SparkHistoryServer(chart, 'History', { eventLog: EventLog.toUrl('s3a://spark-logs') }));
    expect(findObjects(docs, 'ServiceAccount')).toEqual([]);
  });
});

describe('identity on a ServiceAccount the user supplied', () => {
  test('fails with driver.serviceAccount', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', {
      ...PI, driver: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Mine', 'my-driver') }, identity: WorkloadIdentity.awsIrsa(ROLE),
    }))).toBe(`[test/App] 'identity' cannot be combined with 'driver.serviceAccount': this construct creates no ServiceAccount to annotate (it runs as 'my-driver', which you supply), got 'WorkloadIdentity.awsIrsa('${ROLE}')'; `
      + `remove 'identity' and annotate your own ServiceAccount 'my-driver' with { 'eks.amazonaws.com/role-arn': '${ROLE}' }, or remove 'driver.serviceAccount' to let the construct create one`);
  });

  test('fails with driver.serviceAccount and names Azure\'s pod label in the fix', () => {
    expect(chartErrorOf((chart) => new SparkSubmitJob(chart, 'Job', {
      ...PI, driver: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Mine', 'my-driver') }, identity: WorkloadIdentity.azure(CLIENT_ID),
    }))).toContain(`annotate your own ServiceAccount 'my-driver' with { 'azure.workload.identity/client-id': '${CLIENT_ID}' } (its pods also need the label { 'azure.workload.identity/use': 'true' })`);
  });

  test('fails with a job namespace, whose account the application does not create', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', {
      ...PI, jobNamespace: SparkJobNamespace.fromNamespaceName(chart, 'Team', 'spark-jobs', 'spark-driver'), identity: WorkloadIdentity.awsIrsa(ROLE),
    }))).toBe(`[test/App] 'identity' cannot be combined with 'jobNamespace': the driver runs as the job namespace's ServiceAccount 'spark-driver', which this construct does not create, got 'WorkloadIdentity.awsIrsa('${ROLE}')'; `
      + 'remove \'identity\' and set it on the job namespace (new SparkJobNamespace(scope, id, { namespace, identity })), or annotate that ServiceAccount yourself');
  });

  test('fails in local mode without a driver account', () => {
    expect(chartErrorOf((chart) => new SparkApplication(chart, 'App', { ...PI, localMode: true, identity: WorkloadIdentity.awsIrsa(ROLE) })))
      .toBe(`[test/App] 'identity' needs a driver ServiceAccount, and in local mode none is created, got 'WorkloadIdentity.awsIrsa('${ROLE}')'; `
        + 'pass a job namespace with the identity (new SparkJobNamespace(scope, id, { namespace, identity })) as \'jobNamespace\'');
  });
});

describe('identity on a standalone cluster', () => {
  test('the daemons (and the executors they run) get the cluster\'s own annotated account, without an API token', () => {
    const docs = synthChartValid((chart) => {
      new SparkStandaloneCluster(chart, 'Cluster', {
        name: 'prod',
        identity: WorkloadIdentity.azure('00000000-0000-0000-0000-000000000001'),
        securityOptOuts: [SecurityOptOut.UNAUTHENTICATED_STANDALONE],
      });
    });
    const account = findObject(docs, 'ServiceAccount', 'prod');
    expect(account.metadata.annotations).toEqual({ 'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000001' });
    expect(account.automountServiceAccountToken).toBe(false);
    for (const workload of [findObject(docs, 'StatefulSet'), findObject(docs, 'Deployment')]) {
      expect(workload.spec.template.spec.serviceAccountName).toBe('prod');
      expect(workload.spec.template.spec.automountServiceAccountToken).toBe(false);
      expect(workload.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    }
  });
});
