/*
 * The library side of the Helm comparison: a cdk8s app, run as `cdk8s synth`
 * runs one (`node consumer.js N` with CDK8S_OUTDIR; plain `new App()` and
 * `app.synth()`), that synthesizes the same N SparkApplications as the Helm
 * peer chart (helm-peer/gen-values.mjs lists them) through the public API of
 * the compiled library: name etl-<i>, Spark 4.0.4, the existing
 * ServiceAccount spark-driver of namespace analytics, event log on s3a://,
 * restart on failure, and every default hardening. The peer chart renders no
 * S3A connector packages, so the program states that the image carries them
 * (`imageIncludesS3a`); otherwise the library adds hadoop-aws for s3a://.
 *
 *   CDK8S_OUTDIR=/tmp/out node scripts/bench/consumer.js 1000
 *   BENCH_LIB=/path/to/lib   another build of the library (default: this repository's lib/)
 *   BENCH_PHASES=1           milliseconds of require / construct / synth on stderr
 */
'use strict';
const phases = [['start', process.hrtime.bigint()]];
const path = require('path');
const { App, Chart, Duration, Size } = require('cdk8s');
const spark = require(process.env.BENCH_LIB || path.join(__dirname, '..', '..', 'lib'));

phases.push(['require', process.hrtime.bigint()]);

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 1) {
  throw new Error('usage: node consumer.js N');
}

const app = new App();
const chart = new Chart(app, 'analytics', { namespace: 'analytics' });
// The namespace and its driver account are managed outside this app.
const jobNamespace = spark.SparkJobNamespace.fromNamespaceName(chart, 'Jobs', 'analytics', 'spark-driver');
const eventLog = spark.EventLog.toUrl('s3a://logs/events');
const restartPolicy = spark.RestartPolicy.onFailure({
  retries: 3, retryInterval: Duration.seconds(10), submissionRetries: 3, submissionRetryInterval: Duration.seconds(20),
});

for (let i = 0; i < n; i++) {
  new spark.SparkApplication(chart, `Etl${i}`, {
    name: `etl-${i}`,
    labels: { 'app.kubernetes.io/name': `etl-${i}`, 'app.kubernetes.io/part-of': 'spark-platform' },
    sparkVersion: spark.SparkVersion.V4_0_4,
    jobNamespace,
    mainApplicationFile: spark.ApplicationFile.fromImagePath(`/opt/spark/jobs/job-${i % 13}.jar`),
    mainClass: `com.example.Job${i % 7}`,
    arguments: ['--date', '2026-11-24', '--part', String(i)],
    sparkConf: { 'spark.sql.shuffle.partitions': String(64 + (i % 5) * 32) },
    eventLog,
    imageIncludesS3a: true,
    restartPolicy,
    driver: { cores: 1, memory: Size.gibibytes(2) },
    executor: { instances: 2 + (i % 4), cores: 2, memory: Size.gibibytes(4) },
  });
}

phases.push(['construct', process.hrtime.bigint()]);
app.synth();
phases.push(['synth', process.hrtime.bigint()]);

// BENCH_PHASES=1: the milliseconds of each phase on stderr (for the profile summary; no effect on the output).
if (process.env.BENCH_PHASES) {
  const ms = phases.slice(1).map(([name, t], i) => `${name} ${(Number(t - phases[i][1]) / 1e6).toFixed(0)} ms`);
  process.stderr.write(`${ms.join(', ')}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
}
