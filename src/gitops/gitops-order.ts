import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { applyWaves, definedKinds, fluxLayoutProblems, phaseOf, PHASES, WaveSettings } from './_order';
import { GitOpsPhase } from './gitops-phase';
import { setDefaultOrdering } from '../_registry';
import { checkBoolean, checkNumber, checksFactories, fail, show } from '../_validation';

/** Options of `GitOpsOrder.argoCdSyncWaves`. */
export interface ArgoCdSyncWavesOptions {
  /**
   * Wave of the first phase (`GitOpsPhase.DEFINITIONS`); each later phase
   * gets the next wave. With the default the workloads land on wave 0,
   * Argo CD's wave of objects without the annotation.
   * @default -4
   */
  readonly firstWave?: number;
  /**
   * Also put `argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true`
   * on custom resources whose CustomResourceDefinition the App holds. Argo CD
   * skips the dry run by itself when the CRD is in the same Application; the
   * option matters when the charts are split over Applications, and is a
   * no-op once the CRD exists.
   * @default true
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/#skip-dry-run-for-new-custom-resources-types
   */
  readonly skipDryRunOnMissingResource?: boolean;
}

/** The orderings asked for, by construct tree. */
const orders = new WeakMap<IConstruct, GitOpsOrder[]>();
/** Charts whose Flux layout is checked. */
const fluxCharts = new WeakSet<Chart>();
/** Roots of Apps that asked for no sync waves (`none`), and of Apps laid out for Flux. */
const unordered = new WeakSet<IConstruct>();
const fluxRoots = new WeakSet<IConstruct>();

/** The default settings of the sync waves. */
const DEFAULT_WAVES: WaveSettings = { firstWave: -4, skipDryRunOnMissingResource: true };

// An App with a Spark operator cannot apply in one plain pass (custom resources fail until their CRDs exist and the
// webhook serves), so unless it chose otherwise it gets Argo CD's sync waves: annotations other tools ignore.
setDefaultOrdering((root) => {
  if (unordered.has(root) || fluxRoots.has(root) || (orders.get(root) ?? []).length > 0) return;
  applyWaves(root, DEFAULT_WAVES);
});

/**
 * The order in which a GitOps tool applies what the App synthesizes, so one
 * sync works on a fresh cluster: CRDs and Namespaces, then accounts, RBAC and
 * configuration, then the Spark operator, then its webhook configurations
 * (once the webhook serves), then custom resources and everything else
 * (`GitOpsPhase`).
 *
 * `argoCdSyncWaves` annotates every object under a scope with its phase's
 * Argo CD sync wave; an App with a `SparkOperator` gets them by default
 * (other tools ignore the annotations), unless it asks for `none` or
 * `fluxLayout`. `fluxLayout` checks that charts split the way Flux
 * Kustomizations with `dependsOn` need. Both act at synth, so objects added
 * afterwards are covered.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
 */
@checksFactories('GitOpsOrder')
export class GitOpsOrder {
  /**
   * Orders every object under `scope` (usually the App) with Argo CD sync
   * waves: `argocd.argoproj.io/sync-wave` is the wave of the object's phase.
   * Argo CD applies one wave and waits for it to be healthy before the next,
   * so the operator's webhook Deployment is ready before the webhook
   * configurations and custom resources arrive.
   *
   * Asking again for the same scope with the same options returns the same
   * ordering; different options for overlapping scopes are refused, and so
   * is an object that already carries a different sync wave (at synth).
   */
  public static argoCdSyncWaves(scope: IConstruct, options: ArgoCdSyncWavesOptions = {}): GitOpsOrder {
    checkNumber(scope, 'firstWave', options.firstWave, 'use e.g. -4');
    if (options.firstWave !== undefined && !Number.isInteger(options.firstWave)) {
      fail(scope, 'firstWave', options.firstWave, 'must be a whole number (Argo CD parses the wave as an integer)', 'use e.g. -4');
    }
    checkBoolean(scope, 'skipDryRunOnMissingResource', options.skipDryRunOnMissingResource);
    const settings: WaveSettings = {
      firstWave: options.firstWave ?? DEFAULT_WAVES.firstWave,
      skipDryRunOnMissingResource: options.skipDryRunOnMissingResource ?? DEFAULT_WAVES.skipDryRunOnMissingResource,
    };
    if (unordered.has(scope.node.root)) {
      fail(scope, 'options', settings, 'conflicts with GitOpsOrder.none(), which asked for no sync waves in this App', 'keep one of the two');
    }
    const root = scope.node.root;
    const existing = orders.get(root) ?? [];
    for (const other of existing) {
      if (!overlaps(other.scope, scope)) continue;
      const same = other.firstWave === settings.firstWave && other.skipDryRunOnMissingResource === settings.skipDryRunOnMissingResource;
      if (!same) {
        fail(scope, 'options', settings, `conflicts with the sync waves already asked for ${other.scope.node.path === '' ? 'the App' : `'${other.scope.node.path}'`} `
          + `(${show({ firstWave: other.firstWave, skipDryRunOnMissingResource: other.skipDryRunOnMissingResource })}), which cover the same objects`,
        'order the App once, or pass the same options');
      }
      if (other.scope === scope) return other;
    }
    const order = new GitOpsOrder(scope, settings);
    orders.set(root, [...existing, order]);
    scope.node.addValidation({ validate: () => { applyWaves(scope, settings); return []; } });
    return order;
  }

  /**
   * Checks, at synth, that every chart under `scope` can be one Flux
   * Kustomization: no chart holds both an admission webhook configuration and
   * custom resources of a kind the App defines. Flux applies a
   * Kustomization's CRDs and Namespaces before its other objects, but not a
   * webhook's Deployment before the objects it admits; give the chart of the
   * custom resources a Kustomization that `dependsOn` the operator's, which
   * has `wait: true`.
   *
   * @see https://fluxcd.io/flux/components/kustomize/kustomizations/#dependencies
   */
  /**
   * No sync waves: the App orders its apply itself. Without this (or
   * `argoCdSyncWaves` or `fluxLayout`), an App with a `SparkOperator` gets
   * `argoCdSyncWaves` with the defaults, since its plain apply cannot work
   * in one pass.
   */
  public static none(scope: IConstruct): void {
    if ((orders.get(scope.node.root) ?? []).length > 0) {
      fail(scope, 'GitOpsOrder.none', true, 'conflicts with the sync waves already asked for in this App', 'keep one of the two');
    }
    unordered.add(scope.node.root);
  }

  public static fluxLayout(scope: IConstruct): void {
    fluxRoots.add(scope.node.root);
    for (const chart of scope.node.findAll().filter((c): c is Chart => Chart.isChart(c))) {
      if (fluxCharts.has(chart)) continue;
      fluxCharts.add(chart);
      chart.node.addValidation({ validate: () => fluxLayoutProblems(chart) });
    }
  }

  /**
   * The phase an object belongs to: by kind, by being a custom resource of a
   * CRD in the same App, or by belonging to a `SparkOperator`. Use it to
   * place objects in charts (one per Flux Kustomization) or to check a layout.
   */
  public static phaseOf(apiObject: ApiObject): GitOpsPhase {
    return phaseOf(apiObject, definedKinds(apiObject.node.root));
  }

  /** The ordered scope. */
  public readonly scope: IConstruct;
  /** Wave of the first phase. */
  public readonly firstWave: number;
  /** Whether custom resources of the App's CRDs get `SkipDryRunOnMissingResource=true`. */
  public readonly skipDryRunOnMissingResource: boolean;

  private constructor(scope: IConstruct, settings: WaveSettings) {
    this.scope = scope;
    this.firstWave = settings.firstWave;
    this.skipDryRunOnMissingResource = settings.skipDryRunOnMissingResource;
  }

  /** The sync wave of a phase. */
  public waveOf(phase: GitOpsPhase): number {
    return this.firstWave + PHASES.indexOf(phase);
  }
}

/** Whether one scope holds the other (or is it). */
function overlaps(a: IConstruct, b: IConstruct): boolean {
  return a === b || a.node.scopes.includes(b) || b.node.scopes.includes(a);
}
