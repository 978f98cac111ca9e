/**
 * The one error-assertion helper of the suite: build an App, synthesize it,
 * and return the message of the error it raised (a construct error at once,
 * or cdk8s validation errors at synth). Fails the test when nothing is raised.
 */
import { App, Chart, Testing } from 'cdk8s';

/** The message of the error `build` raises while building or synthesizing a fresh App. */
export function errorOf(build: (app: App) => void): string {
  const app = Testing.app();
  try {
    build(app);
    app.synthYaml();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but the App built and synthesized');
}

/** Like `errorOf`, with a chart in namespace `spark-jobs` (the suite's usual chart). */
export function chartErrorOf(build: (chart: Chart) => void): string {
  return errorOf((app) => build(new Chart(app, 'test', { namespace: 'spark-jobs' })));
}
