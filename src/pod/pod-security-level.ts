/**
 * A Pod Security Standard, enforced by the Pod Security admission controller
 * through labels on a namespace.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export enum PodSecurityLevel {
  /** The hardened standard (every pod of this library meets it). */
  RESTRICTED = 'restricted',
  /** Prevents known privilege escalations only. */
  BASELINE = 'baseline',
  /** No restrictions. */
  PRIVILEGED = 'privileged',
}
