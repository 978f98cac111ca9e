/**
 * A PySpark job that reads from S3-compatible storage through S3A. The
 * credentials stay in a Kubernetes Secret and reach driver and executors as
 * secretKeyRef environment variables; the hadoop-aws connector matching Spark
 * 4.0's Hadoop (3.4.1) is added as a package and fetched into /tmp (the root
 * filesystem is read-only).
 */
import { App, Chart, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { ApplicationFile, NetworkPeer, S3a, SparkApplication } from '../src';

export function build(app: App): void {
  const chart = new Chart(app, 'pyspark-s3a', { namespace: 'analytics' });
  const credentials = Secret.fromSecretName(chart, 'S3Credentials', 'minio-credentials');
  new SparkApplication(chart, 'WordCount', {
    name: 'word-count',
    network: {
      apiServer: { cidrs: ['10.0.0.10/32'], ports: [6443] },
      // MinIO runs in the cluster: reached by its pods' labels, not by address.
      objectStorage: [{ peers: [NetworkPeer.podsInNamespace('storage', { app: 'minio' })], ports: [9000] }],
      // The driver downloads hadoop-aws from Maven Central (repo1.maven.org) at start-up.
      packageRepositories: [{ cidrs: ['151.101.0.0/16'], ports: [443] }],
    },
    mainApplicationFile: ApplicationFile.fromUrl('s3a://jobs/word_count.py'),
    arguments: ['s3a://data/books/', 's3a://data/word-counts/'],
    s3a: new S3a({
      credentials,
      endpoint: 'http://minio.storage.svc.cluster.local:9000',
      pathStyleAccess: true,
    }),
    sparkConf: { 'spark.sql.shuffle.partitions': '16' },
    driver: { memory: Size.gibibytes(1) },
    executor: { instances: 3, cores: 2, memory: Size.gibibytes(2) },
  });
}
